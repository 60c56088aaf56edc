import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { importHl7File } from "@/lib/data/import-hl7";
import { NEW_MRN_LOCK } from "@/lib/data/locks";
import { createPatient } from "@/lib/data/patients";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { makeUser, until, TODAY } from "./helpers";
import { hcg, oru } from "./hl7-helpers";

/**
 * A laboratory's positive pregnancy test for an MRN and the registration of a patient with that MRN, at the
 * same moment. Each reads before it writes (the import: is there a patient with this MRN? the registration:
 * is a test waiting for it?), so unserialised, each could miss the other and the test would hold no one. Both
 * take the MRN's lock first (lockMrns): here a third connection holds it until both wait on it, then lets go,
 * in each order; either way the patient's prescribing is stopped.
 */
const staff = { role: "STAFF" as const };
const details = (mrn: string) => ({
  ...{ mrn, firstName: "Jane", lastName: "Doe", dateOfBirth: "2000-01-01", sexAtBirth: "FEMALE" as const, pregnancyCategory: "CAN_BECOME_PREGNANT" as const },
  ...{ indication: "ACNE_NODULAR" as const, phone: undefined, email: undefined },
});

async function waitingOnMrnLocks(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = $1::int::oid",
    [NEW_MRN_LOCK],
  );
  return rows[0]!.n;
}

describe("a positive pregnancy test and a registration of its MRN at the same moment", () => {
  for (const first of ["import", "registration"] as const) {
    it(`stop the patient's prescribing when the ${first} takes the MRN first`, async () => {
      const nurse = await makeUser("NURSE");
      const actor = { id: nurse.id, role: "NURSE" as const };
      const mrn = `RC-${randomUUID().slice(0, 8)}`;
      const gate = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await gate.connect();
      try {
        await gate.query("BEGIN");
        await gate.query("SELECT pg_advisory_xact_lock($1::int, hashtext(lower($2)))", [NEW_MRN_LOCK, mrn]);
        const writes: Promise<unknown>[] = [];
        const start = {
          import: () => importHl7File({ kind: "UPLOAD", user: actor }, oru(`RC-${randomUUID().slice(0, 8)}`, mrn, [hcg("Positive", "F")]), TODAY),
          registration: () => createPatient(actor, details(mrn)),
        };
        for (const [i, which] of (first === "import" ? ["import", "registration"] : ["registration", "import"]).entries()) {
          writes.push(start[which as keyof typeof start]());
          await until(async () => (await waitingOnMrnLocks(gate)) === i + 1, `the ${which} waits for the MRN's lock`);
        }
        await gate.query("COMMIT");
        const [a, b] = await Promise.all(writes);
        const patientId = (first === "import" ? b : a) as string;
        expect((await getPregnancyOverview(staff, patientId, TODAY))!.prescribingStopped).toBe(true);
      } finally {
        await gate.end();
      }
    });
  }
});
