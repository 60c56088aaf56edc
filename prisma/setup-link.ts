// Prints a new one-time setup link for an existing account, from the command line: for the operator of the
// server when no dermatologist can give one under Approvals (a clinic's first dermatologist, or its only
// one locked out). The account's password stops working and its sessions end; the link replaces any given
// before, and the audit trail records the reset as made from the command line.
// Usage: npm run user:setup-link -- --email derm@clinic.example
import { parseArgs } from "node:util";
import { z } from "zod";
import { db } from "../lib/db";
import { SETUP_LINK_HOURS, setupPath } from "../lib/data/setup-links";
import { resetFromCommandLine } from "../lib/data/users";
import { createUserSchema } from "../lib/validation/user";

const { values } = parseArgs({ options: { email: { type: "string" } } });
const parsed = createUserSchema.pick({ email: true }).safeParse({ email: values.email });
if (!parsed.success) {
  console.error(`usage: npm run user:setup-link -- --email <email>\n${z.prettifyError(parsed.error)}`);
  process.exit(2);
}
try {
  const token = await resetFromCommandLine(parsed.data.email);
  if (token) {
    console.log(`Open this link (on this site's address) within ${SETUP_LINK_HOURS} hours to choose the password of ${parsed.data.email}:`);
    console.log(`  ${setupPath(token)}`);
  } else {
    console.error("No enabled account has this email.");
    process.exitCode = 1;
  }
} finally {
  await db.$disconnect();
}
