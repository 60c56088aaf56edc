import { randomUUID } from "node:crypto";
import { addDays } from "@/lib/domain/dates";
import { startCourseFor } from "./course-fixture";
import { actAs, makePatient, makeUser, testDb, TODAY } from "./helpers";

/**
 * A patient a reminder may be sent to on either channel: an email address and a mobile number, neither refused,
 * and something to be reminded of (a course started 20 days ago without its baseline labs, so the baseline liver
 * and lipid items are overdue). Started by a new dermatologist, who stays signed in.
 */
export async function patientDue() {
  actAs(await makeUser("DERMATOLOGIST"));
  const p = await makePatient();
  await startCourseFor(p.id, { startDate: addDays(TODAY, -20), startWeightKg: "60", mgPerIntake: "40" });
  return testDb().patient.update({
    where: { id: p.id },
    data: { email: `p-${randomUUID().slice(0, 8)}@example.test`, phone: "+12015550177", doNotEmail: false, doNotText: false },
  });
}
