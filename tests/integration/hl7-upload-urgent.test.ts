import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { importHl7FileAction } from "@/app/(portal)/labs/import/actions";
import { namedUploadOutcomes } from "@/lib/data/import-hl7-outcome";
import { importHl7File } from "@/lib/data/import-hl7";
import { IDLE, type Hl7Outcome } from "@/lib/validation/action-result";
import { actAs, makePatient, makeUser, TODAY } from "./helpers";
import { hcg, oru, tg } from "./hl7-helpers";

/*
 * What the upload page says of each message that needs the clinic today: a pregnancy test that is not negative
 * attached (prescribing is stopped), a critical value attached, and a pregnancy test (any value) or a critical
 * value waiting under Unfiled lab results; with the patient named (name and MRN) to the nurse or dermatologist
 * who uploaded the file. Specimens of 22 Nov 2026; today is 23 Nov 2026.
 */
const controlId = () => `UR-${randomUUID().slice(0, 8)}`;
const nobody = () => `NOBODY-${randomUUID().slice(0, 8)}`;
const unreadHcg = "ST|2106-3^hCG urine^LN||faint line||||||F";

let nurse: { id: string };
let derm: { id: string };
beforeAll(async () => {
  nurse = await makeUser("NURSE");
  derm = await makeUser("DERMATOLOGIST");
});

/** The page's answer, message by message, to a file uploaded by this user. */
async function upload(user: { id: string }, messages: string[]): Promise<Hl7Outcome[]> {
  const fd = new FormData();
  fd.append("file", new File([new TextEncoder().encode(messages.join("\r\n"))], "results.hl7", { type: "text/plain" }));
  actAs(user);
  const state = await importHl7FileAction(IDLE, fd);
  expect(state).toMatchObject({ status: "ok" });
  return (state as { hl7: Hl7Outcome[] }).hl7;
}

const named = (p: { id: string; mrn: string }) => ({ id: p.id, name: "Patient, Test", mrn: p.mrn });

describe("the upload page's answer, for a nurse", () => {
  it("names the patient of each result attached, and says which need the dermatologist today", async () => {
    const [a, b, c] = [
      await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" }),
      await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" }),
      await makePatient(),
    ];
    const [missing, missingToo] = [nobody(), nobody()];
    const out = await upload(nurse, [
      oru(controlId(), a.mrn, [tg(850, "F"), hcg("Positive", "F")]),
      oru(controlId(), missing, [hcg("Positive", "F")]),
      oru(controlId(), missingToo, [tg(900, "F")]),
      oru(controlId(), b.mrn, [unreadHcg]),
      oru(controlId(), c.mrn, [tg(120, "F")]),
    ]);
    expect(out.map((o) => [o.status, o.attached, o.queued])).toEqual([
      ["IMPORTED", 2, 0],
      ["IMPORTED", 0, 1],
      ["IMPORTED", 0, 1],
      ["IMPORTED", 0, 1],
      ["IMPORTED", 1, 0],
    ]);
    expect(out[0]!.patients).toEqual([{ ...named(a), attached: 2 }]);
    expect(out[4]!.patients).toEqual([{ ...named(c), attached: 1 }]);
    expect(out.map((o) => o.urgent)).toEqual([
      [
        {
          kind: "CRITICAL_ATTACHED",
          patient: named(a),
          mrn: null,
          text: "Critical value: Triglycerides, 850 mg/dL · above the lab range 0–150 · at or above the critical level 800. Tell the dermatologist today.",
        },
        {
          kind: "PREGNANCY_ATTACHED",
          patient: named(a),
          mrn: null,
          text: "Positive pregnancy test, collected 22 Nov 2026: prescribing is stopped. Tell the dermatologist today.",
        },
      ],
      [
        {
          kind: "PREGNANCY_WAITING",
          patient: null,
          mrn: missing,
          text: "Pregnancy test waiting (hCG urine: Positive): it is on no patient's chart, so no prescribing check sees it. File it today under Unfiled lab results, and tell the dermatologist today.",
        },
      ],
      [
        {
          kind: "CRITICAL_WAITING",
          patient: null,
          mrn: missingToo,
          text: "Critical value: Triglycerides, waiting: 900 mg/dL · above the lab range 0–150 · at or above the critical level 800. It is on no chart until it is filed: file it today under Unfiled lab results, and tell the dermatologist today.",
        },
      ],
      [
        {
          kind: "PREGNANCY_WAITING",
          patient: named(b),
          mrn: b.mrn,
          text: 'Pregnancy test waiting (hCG urine: "faint line", not a result the portal can read): prescribing is stopped until it is reviewed. File it today under Unfiled lab results, and tell the dermatologist today.',
        },
      ],
      [],
    ]);
  });

  it("a pregnancy test waiting for a matched patient is to be filed today, whatever its value", async () => {
    const [p, q] = [await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" }), await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" })];
    // Preliminary: not recorded, it waits, and stops prescribing; final but undated: it waits, and serves no prescription.
    const out = await upload(nurse, [oru(controlId(), p.mrn, [hcg("Negative", "P")]), oru(controlId(), q.mrn, [hcg("Negative", "F")], { obr: "" })]);
    expect(out.map((o) => o.urgent)).toEqual([
      [
        {
          kind: "PREGNANCY_WAITING",
          patient: named(p),
          mrn: p.mrn,
          text: "Pregnancy test waiting (hCG urine: Negative, preliminary): prescribing is stopped until it is reviewed. File it today under Unfiled lab results, and tell the dermatologist today.",
        },
      ],
      [
        {
          kind: "PREGNANCY_WAITING",
          patient: named(q),
          mrn: q.mrn,
          text: "Pregnancy test waiting (hCG urine: Negative): it is not on the chart, so it serves no prescription until it is filed. File it today under Unfiled lab results.",
        },
      ],
    ]);
  });

  it("a pregnancy test whose date of birth is not the MRN's patient's says it may be another person's, while it holds her", async () => {
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const [out] = await upload(nurse, [oru(controlId(), p.mrn, [hcg("Positive", "F")], { dob: "19991231" })]);
    expect(out!.urgent).toEqual([
      {
        kind: "PREGNANCY_WAITING",
        patient: named(p),
        mrn: p.mrn,
        text:
          "Pregnancy test waiting (hCG urine: Positive): the laboratory gave another date of birth than this patient's, so it may be another person's; " +
          "her prescribing is stopped until it is reviewed. File it today under Unfiled lab results, and tell the dermatologist today.",
      },
    ]);
  });

  it("a final negative pregnancy test attached, and results within range, need nothing today", async () => {
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const [out] = await upload(nurse, [oru(controlId(), p.mrn, [hcg("Negative", "F"), tg(600, "F")])]);
    expect([out!.attached, out!.urgent]).toEqual([2, []]);
  });
  it("names a critical value converted from the laboratory's unit as sent too", async () => {
    const p = await makePatient();
    const [out] = await upload(nurse, [oru(controlId(), p.mrn, ["NM|2571-8^Triglyceride^LN||10|mmol/L||H|||F"])]);
    // 10 mmol/L × 88.57 = 885.7 mg/dL, above the critical level of 800 mg/dL.
    expect(out!.urgent.map((u) => u.kind)).toEqual(["CRITICAL_ATTACHED"]);
    expect(out!.urgent[0]!.text).toMatch(
      /^Critical value: Triglycerides, 885\.7 mg\/dL · .*at or above the critical level 800 \(sent as 10 mmol\/L\)\. Tell the dermatologist today\.$/,
    );
  });

  it("a result the laboratory sends again under another control id is the one already told of: nothing more today", async () => {
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const results = [tg(850, "F"), hcg("Positive", "F")];
    const [first] = await upload(nurse, [oru(controlId(), p.mrn, results)]);
    const [again] = await upload(nurse, [oru(controlId(), p.mrn, results)]);
    expect([first!.urgent.length, again!.attached, again!.urgent]).toEqual([2, 2, []]);
  });
});

describe("the upload page's answer, for a dermatologist", () => {
  it("asks for a decision on a positive pregnancy test, and a review of a critical value, today", async () => {
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const missing = nobody();
    const out = await upload(derm, [oru(controlId(), p.mrn, [tg(850, "F"), hcg("Indeterminate", "F")]), oru(controlId(), missing, [hcg("Positive", "F")])]);
    expect(out.map((o) => o.urgent.map((u) => u.text))).toEqual([
      [
        "Critical value: Triglycerides, 850 mg/dL · above the lab range 0–150 · at or above the critical level 800. Review it today.",
        "Indeterminate pregnancy test, collected 22 Nov 2026: prescribing is stopped until you document a decision on it, under Pregnancy prevention.",
      ],
      ["Pregnancy test waiting (hCG urine: Positive): it is on no patient's chart, so no prescribing check sees it. File it today under Unfiled lab results."],
    ]);
  });
});

describe("what the import itself returns", () => {
  it("names which results need the clinic today by ids only, and only a role that may see patients is told who", async () => {
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const missing = nobody();
    const { messages } = await importHl7File(
      { kind: "UPLOAD", user: { id: nurse.id, role: "NURSE" } },
      [oru(controlId(), p.mrn, [tg(850, "F"), hcg("Positive", "F")]), oru(controlId(), missing, [tg(900, "F")])].join("\r\n"),
      TODAY,
    );
    expect(messages.map((m) => m.urgent.map((u) => [u.kind, u.patientId]))).toEqual([
      [
        ["CRITICAL_ATTACHED", p.id],
        ["PREGNANCY_ATTACHED", p.id],
      ],
      [["CRITICAL_WAITING", null]],
    ]);
    expect(JSON.stringify(messages)).not.toContain(p.mrn);
    expect(JSON.stringify(messages)).not.toContain(missing);
    await expect(namedUploadOutcomes({ role: "STAFF" }, messages)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
