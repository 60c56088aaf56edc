import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendRemindersAction } from "@/app/(portal)/monitoring/actions";
import { createPatientAction, updatePatientAction } from "@/app/(portal)/patients/actions";
import { searchPatients } from "@/lib/data/patients";
import { getPatientWorklist } from "@/lib/data/worklist";
import { addDays } from "@/lib/domain/dates";
import { stopJobSender } from "@/lib/jobs/enqueue";
import { IDLE } from "@/lib/validation/action-result";
import { startCourseFor } from "./course-fixture";
import { actAs, callAction, countRows, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { deliverQueuedJobs } from "./jobs-helpers";

// Text messages go to the outbox provider, in a folder of this file's own.
let outbox: string;
beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), "isotrack-outbox-"));
  process.env.OUTBOX_DIR = outbox;
});
afterAll(async () => {
  await stopJobSender();
  await rm(outbox, { recursive: true, force: true });
  delete process.env.OUTBOX_DIR;
});

const STAFF = { role: "STAFF" as const };
const NOT_VALID = "This is not a valid phone number. Enter the area code and number, or + and the country code for a number outside the US.";
const CHECK_NUMBER = "The phone number on file is not a valid number: check this number on the patient's details.";

/** The patient form's fields, with this phone number. The US numbers are in 555-0100 to 555-0199, kept for fiction. */
const patientForm = (phone: string, over: Record<string, string> = {}) =>
  form({
    mrn: `PH-${randomUUID().slice(0, 8)}`,
    firstName: "Noor",
    lastName: "Haddad",
    dateOfBirth: "2001-06-14",
    sexAtBirth: "FEMALE",
    pregnancyCategory: "CAN_BECOME_PREGNANT",
    phone,
    email: "",
    indication: "ACNE_NODULAR",
    ...over,
  });

/** A patient with overdue baseline labs (a course started 20 days ago without them) and this stored contact. */
async function patientDueWith(contact: { phone: string | null }) {
  actAs(await makeUser("DERMATOLOGIST"));
  const p = await makePatient();
  await startCourseFor(p.id, { startDate: addDays(TODAY, -20), startWeightKg: "60", mgPerIntake: "40" });
  return testDb().patient.update({ where: { id: p.id }, data: { email: null, ...contact } });
}

describe("phone numbers", () => {
  it("are kept in E.164, read as US numbers unless they start with + and a country code", async () => {
    actAs(await makeUser("NURSE"));
    const created = await callAction(() => createPatientAction(IDLE, patientForm("1 (201) 555-0123")));
    expect(created).toMatchObject({ redirect: expect.stringMatching(/^\/patients\/[0-9a-f-]{36}$/) });
    const id = (created as { redirect: string }).redirect.split("/").pop()!;
    const patient = await testDb().patient.findUniqueOrThrow({ where: { id } });
    expect(patient.phone).toBe("+12015550123");

    const edit = patientForm("+44 20 7946 0958", { mrn: patient.mrn, patientId: id, version: String(patient.version) });
    expect(await callAction(() => updatePatientAction(IDLE, edit))).toEqual({ redirect: `/patients/${id}` });
    expect((await testDb().patient.findUniqueOrThrow({ where: { id } })).phone).toBe("+442079460958");
  });

  it.each(["44207946095", "22015550123", "555-0101", "(555) 019-1234"])("refuses %j with a field error and writes nothing", async (phone) => {
    actAs(await makeUser("NURSE"));
    const before = await countRows();
    const result = await callAction(() => createPatientAction(IDLE, patientForm(phone)));
    expect(result).toMatchObject({ state: { status: "error", fieldErrors: { phone: [NOT_VALID] } } });
    const after = await countRows();
    expect([after.patients, after.audits]).toEqual([before.patients, before.audits]);
  });

  it("are texted in E.164, whatever the punctuation they were stored with", async () => {
    const p = await patientDueWith({ phone: "(201) 555-0142" });
    actAs(await makeUser("STAFF"));
    expect(await sendRemindersAction(IDLE, form({ patientId: p.id, channel: "SMS" }))).toMatchObject({
      status: "ok",
      message: "1 reminder text message queued.",
    });
    await deliverQueuedJobs("reminders-dispatch");
    const reminder = await testDb().reminder.findFirstOrThrow({ where: { patientId: p.id } });
    expect(reminder).toMatchObject({ status: "SENT", channel: "SMS", recipient: "+12015550142" });
    expect(JSON.parse(await readFile(path.join(outbox, `sms-${reminder.id}.json`), "utf8"))).toMatchObject({ to: "+12015550142" });
  });

  it("stored before numbers were checked and not valid, are shown as stored, flagged, and never texted", async () => {
    // 11 digits that do not start with the US country code, as the old demo data had them.
    const p = await patientDueWith({ phone: "(555) 0100-1000" });
    const shown = { text: "(555) 0100-1000", needsCheck: true };

    const [row] = (await searchPatients(STAFF, p.mrn, 1)).rows;
    expect(row).toMatchObject({ id: p.id, phone: shown });
    const [listed] = (await getPatientWorklist(STAFF, TODAY, { search: p.mrn, sort: "due", dir: "asc", page: 1 }, 25)).rows;
    expect(listed).toMatchObject({
      patientId: p.id,
      phone: "(555) 0100-1000",
      phoneShown: shown,
      reminderBlocked: { EMAIL: "No email address on file.", SMS: CHECK_NUMBER },
    });

    actAs(await makeUser("STAFF"));
    expect(await sendRemindersAction(IDLE, form({ patientId: p.id, channel: "SMS" }))).toMatchObject({
      status: "error",
      message: "No reminder text message queued.",
      outcomes: [{ patientId: p.id, ok: false, message: CHECK_NUMBER }],
    });
    expect(await testDb().reminder.count({ where: { patientId: p.id } })).toBe(0);
  });
});
