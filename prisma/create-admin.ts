// Creates an administrator account from the command line (the first one of a new clinic, or a recovery
// when no administrator can sign in) and prints its one-time setup link. Nobody but the person who opens
// the link ever knows the password.
// Usage: npm run user:create-admin -- --email admin@clinic.example --name "Alex Morgan"
import { parseArgs } from "node:util";
import { z } from "zod";
import { db } from "../lib/db";
import { createUser } from "../lib/data/users";
import { AppError } from "../lib/errors";
import { SETUP_LINK_HOURS, setupPath } from "../lib/data/setup-links";
import { createUserSchema } from "../lib/validation/user";

const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" } } });
const parsed = createUserSchema.safeParse({ email: values.email, name: values.name, role: "ADMIN" });
if (!parsed.success) {
  console.error(`usage: npm run user:create-admin -- --email <email> --name "<name>"\n${z.prettifyError(parsed.error)}`);
  process.exit(2);
}
try {
  const { token } = await createUser(null, parsed.data);
  if (!token) throw new Error("An account made from the command line always has its setup link");
  console.log(`Administrator ${parsed.data.email} created. Open this link (on this site's address) within ${SETUP_LINK_HOURS} hours to choose the password:`);
  console.log(`  ${setupPath(token)}`);
} catch (error) {
  if (!(error instanceof AppError)) throw error;
  console.error("An account with this email exists. An administrator can reset its password under Users.");
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
