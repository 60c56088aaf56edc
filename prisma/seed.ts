import { clinicToday } from "../lib/clinic";
import { createPrismaClient } from "../lib/db";
import { DEMO_USERS, seedDemoClinic } from "../lib/seed/demo-clinic";

const db = createPrismaClient();
try {
  const result = await seedDemoClinic(db, clinicToday());
  console.log(
    result.seeded ? `Seeded the demo clinic: ${result.patients} patients.` : `Demo clinic already present (${result.patients} patients); nothing added.`,
  );
  console.log("Demo logins:");
  for (const u of DEMO_USERS.filter((u) => u.email !== "derm2@demo.isotrack.test")) console.log(`  ${u.role.padEnd(13)} ${u.email}  ${u.password}`);
  console.log("Two-step sign-in is optional in the demo (My account); an administrator can require it per role under Users.");
} finally {
  await db.$disconnect();
}
