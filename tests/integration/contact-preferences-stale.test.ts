import { describe, expect, it } from "vitest";
import { setContactPreferencesAction } from "@/app/(portal)/monitoring/actions";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makePatient, makeUser, testDb } from "./helpers";

/**
 * A patient's request not to be contacted on a channel is honoured (docs/DOMAIN.md "Patient reminders"; HIPAA
 * 45 CFR 164.522(b)). Two office staff with the worklist open: one records the patient's "do not text"; the
 * other, whose form was loaded before that, ticks "do not email". The second save must not silently put
 * "texts allowed" back.
 */
const db = () => testDb();

describe("do-not-contact choices saved from a worklist opened earlier", () => {
  it("refuses a save from a form loaded before another user's change, keeping the patient's do-not-text choice", async () => {
    const p = await makePatient();
    const openedAt = (await db().patient.findUniqueOrThrow({ where: { id: p.id } })).version;
    const a = await makeUser("STAFF");
    const b = await makeUser("STAFF");

    // Both worklists show no do-not-contact choice. B records the patient's request first.
    actAs(b);
    expect(await setContactPreferencesAction(IDLE, form({ patientId: p.id, version: String(openedAt), doNotText: "on" }))).toMatchObject({ status: "ok" });

    // A's form, loaded at the same version, ticks "do not email" only.
    actAs(a);
    const stale = await setContactPreferencesAction(IDLE, form({ patientId: p.id, version: String(openedAt), doNotEmail: "on" }));

    const now = await db().patient.findUniqueOrThrow({ where: { id: p.id } });
    expect(now.doNotText).toBe(true);
    expect(stale).toMatchObject({ status: "error" });
  });
});
