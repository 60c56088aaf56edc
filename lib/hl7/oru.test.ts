import { describe, expect, it } from "vitest";
import { isPregnancyTestObservation, needsDermatologist, resultStatus } from "./interpret";
import { parseOruFile, type Observation } from "./oru";
import { hl7Day } from "./timestamps";

const NY = "America/New_York";

/** One ORU^R01 message: a PID, an OBR and one OBX per line given (OBX-1 onwards). */
function message(obx: string[], { pid = "PID|1||MRN-1^^^CLINIC^MR||Doe^Jane||19990101|F", controlId = "CTRL-1", obr = "202611220800" } = {}) {
  return [
    `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|202611230830||ORU^R01|${controlId}|P|2.5.1`,
    pid,
    `OBR|1||ORD1|57698-3^Lipid panel^LN|||${obr}`,
    ...obx.map((o) => `OBX|${o}`),
  ].join("\r");
}

function observations(raw: string): Observation[] {
  const parsed = parseOruFile(raw);
  const first = parsed.messages[0];
  if (!first?.ok) throw new Error(`not parsed: ${parsed.error ?? first?.error}`);
  return first.message.patients.flatMap((p) => p.observations);
}

describe("HL7 timestamps as clinic calendar days", () => {
  it.each([
    // No offset: the clinic's own time, the date as written.
    ["20261122", "2026-11-22"],
    ["202611222330", "2026-11-22"],
    ["20261122233000.1234", "2026-11-22"],
    // 22:30 on 22 Nov in New York (EST, UTC-5) sent in UTC: still 22 Nov at the clinic.
    ["202611230330+0000", "2026-11-22"],
    ["20261123033000+0000", "2026-11-22"],
    ["20261123050000+0000", "2026-11-23"],
    ["202611230459+0000", "2026-11-22"],
    // Sent with the clinic's own offset, or from a laboratory east of it.
    ["202611222330-0500", "2026-11-22"],
    ["202611230030+0100", "2026-11-22"],
    ["202611231030+0530", "2026-11-23"],
    ["202611230430+0530", "2026-11-22"],
    // Summer (EDT, UTC-4): 04:30 UTC is 00:30 the same day; in winter (EST) 23:30 the day before.
    ["202607010430+0000", "2026-07-01"],
    ["202612010430+0000", "2026-11-30"],
    // The days daylight saving starts (8 Mar 2026, 07:00 UTC) and ends (1 Nov 2026, 06:00 UTC).
    ["202603080430+0000", "2026-03-07"],
    ["202603090430+0000", "2026-03-09"],
    ["202611010530+0000", "2026-11-01"],
    ["202611020430+0000", "2026-11-01"],
    // A date with an offset but no time has no instant to convert: the date as written.
    ["20261123+0000", "2026-11-23"],
  ])("%s is %s in New York", (ts, day) => {
    expect(hl7Day(ts, NY)).toBe(day);
  });

  it("takes the offset in another clinic zone too", () => {
    expect(hl7Day("202611222330-0500", "Europe/Paris")).toBe("2026-11-23");
    expect(hl7Day("202611230330+0000", "UTC")).toBe("2026-11-23");
  });

  it.each(["2026112", "20261331", "20260230", "202611222460", "202611222399", "202611222330+2500", "202611222330+05", "20261122 2330", "20261122abc"])(
    "refuses %s",
    (ts) => {
      expect(hl7Day(ts, NY)).toBeNull();
    },
  );

  it("dates an observation by its OBX-14 or OBR-7 offset, in the clinic's zone", () => {
    const [byObx, byObr] = observations(
      message(["1|NM|2571-8^TG^LN||180|mg/dL|0-150|H|||F|||202611230330+0000", "2|NM|1742-6^ALT^LN||30|U/L|7-56|N|||F"], { obr: "202611230415+0000" }),
    );
    expect([byObx!.specimenDate, byObr!.specimenDate]).toEqual(["2026-11-22", "2026-11-22"]);
  });
});

describe("control characters", () => {
  it("refuses a message with a NUL, naming the segment and field, with its control id", () => {
    const parsed = parseOruFile(message(["1|NM|2571-8^TG^LN||180|mg/dL|0-150|H|||F"], { pid: "PID|1||MRN-1^^^CLINIC^MR||Doe\u0000^Jane||19990101|F" }));
    expect(parsed.error).toBeNull();
    expect(parsed.messages).toEqual([
      {
        ok: false,
        controlId: "CTRL-1",
        sender: { application: "LAB", facility: "ACME" },
        version: "2.5.1",
        error: "PID segment 1: PID-5 has a control character (0x00), not allowed in HL7 v2.",
        problem: { code: 102, location: { segment: "PID", sequence: 1, field: 5 } },
      },
    ]);
  });

  it("refuses other control characters but keeps tabs, and leaves none in the header it reports", () => {
    const bell = parseOruFile(message(["1|ST|2106-3^hCG^LN||NEG\u0007|||N|||F"]));
    expect(bell.messages[0]).toMatchObject({ ok: false, error: "OBX segment 1: OBX-5 has a control character (0x07), not allowed in HL7 v2." });
    const inControlId = parseOruFile(message(["1|NM|2571-8^TG^LN||180|mg/dL|0-150|H|||F"], { controlId: "CT\u0000RL" }));
    expect(inControlId.messages[0]).toMatchObject({ ok: false, controlId: "CTRL", error: expect.stringMatching(/^MSH segment 1: MSH-10 has/) });
    expect(JSON.stringify(inControlId.messages)).not.toContain("\\u0000");
    const tab = parseOruFile(message(["1|ST|2106-3^hCG^LN||NEG\tATIVE|||N|||F"]));
    expect(tab.messages[0]!.ok).toBe(true);
  });
});

describe("result status (OBX-11)", () => {
  it.each([
    ["F", "FINAL"],
    ["", "FINAL"],
    ["C", "CORRECTED"],
    ["W", "RETRACTED"],
    ["D", "RETRACTED"],
    ["P", "PRELIMINARY"],
    ["R", "NOT_FINAL"],
    ["S", "NOT_FINAL"],
    ["I", "NOT_FINAL"],
    ["X", "NOT_FINAL"],
    ["U", "NOT_FINAL"],
    ["f", "FINAL"],
  ])("%s is %s", (status, kind) => {
    expect(resultStatus(status)).toBe(kind);
  });

  it("keeps every observation with its status; none is dropped by the parser", () => {
    const obs = observations(
      message(["1|NM|2571-8^TG^LN||180|mg/dL|0-150|H|||W", "2|NM|1742-6^ALT^LN||30|U/L|7-56|N|||P", "3|NM|1920-8^AST^LN||30|U/L|7-56|N|||c"]),
    );
    expect(obs.map((o) => o.status)).toEqual(["W", "P", "C"]);
  });

  it("takes a deleted or not final result without a value, but refuses a final or corrected one without it", () => {
    expect(observations(message(["1|NM|2571-8^TG^LN|||mg/dL|||||D", "2|NM|1742-6^ALT^LN|||U/L|||||X"])).map((o) => [o.status, o.value])).toEqual([
      ["D", ""],
      ["X", ""],
    ]);
    for (const status of ["F", "C", ""])
      expect(parseOruFile(message([`1|NM|2571-8^TG^LN|||mg/dL|||||${status}`])).messages[0]).toMatchObject({
        ok: false,
        error: "OBX segment 1: OBX-5 (observation value) is missing.",
      });
  });

  it("a queued pregnancy test needs a dermatologist unless it is a plain final negative", () => {
    const o = (value: string, status: string) => ({ value, valueText: "", status });
    expect(needsDermatologist(o("260385009", "F"), true)).toBe(false);
    expect(needsDermatologist(o("NEGATIVE", ""), true)).toBe(false);
    expect(needsDermatologist(o("NEGATIVE", "P"), true)).toBe(true);
    expect(needsDermatologist(o("NEGATIVE", "W"), true)).toBe(true);
    expect(needsDermatologist(o("NEGATIVE", "C"), true)).toBe(true);
    expect(needsDermatologist(o("POSITIVE", "F"), true)).toBe(true);
    expect(needsDermatologist(o("82334004", "F"), true)).toBe(true);
    expect(needsDermatologist(o("unreadable", "F"), true)).toBe(true);
    expect(needsDermatologist(o("POSITIVE", "P"), false)).toBe(false);
  });
});

describe("what a refusal tells the acknowledgement (HL7 table 0357 code, segment and field)", () => {
  const TG = "1|NM|2571-8^TG^LN||180|mg/dL|0-150|H|||F";
  const msh = (fields: string) => `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|202611230830||${fields}`;
  const refusal = (raw: string) => {
    const first = parseOruFile(raw).messages[0];
    if (first?.ok !== false) throw new Error("not refused");
    return [first.error, first.problem];
  };
  const at = (segment: string, sequence: number, field?: number) => ({ segment, sequence, field });

  it.each([
    [message([TG], { controlId: "" }), "MSH segment 1: MSH-10 (message control id) is missing.", { code: 101, location: at("MSH", 1, 10) }],
    [message([TG]).replace("ORU^R01|", "|"), "MSH segment 1: MSH-9 (message type) is missing.", { code: 101, location: at("MSH", 1, 9) }],
    [
      message([TG]).replace("ORU^R01", "ADT^A01"),
      "MSH segment 1: MSH-9 is ADT^A01; only ORU^R01 result messages are accepted.",
      { code: 200, location: at("MSH", 1, 9) },
    ],
    [
      message([TG]).replace("ORU^R01", "ORU^R30"),
      "MSH segment 1: MSH-9 is ORU^R30; only ORU^R01 result messages are accepted.",
      { code: 201, location: at("MSH", 1, 9) },
    ],
    [
      message([TG]).replace("|P|2.5.1", "|P|2.2"),
      "MSH segment 1: MSH-12 version 2.2 is not supported (2.3, 2.3.1, 2.4, 2.5, 2.5.1).",
      { code: 203, location: at("MSH", 1, 12) },
    ],
    [
      message([TG], { pid: "PID|1||||Doe^Jane||19990101|F" }),
      "PID segment 1: PID-3 (patient identifier, MRN) is missing.",
      { code: 101, location: at("PID", 1, 3) },
    ],
    [
      message([TG], { pid: "PID|1||MRN-1^^^CLINIC^MR||Doe^Jane||19991301|F" }),
      "PID segment 1: PID-7 (date of birth) is not a date (YYYYMMDD).",
      { code: 102, location: at("PID", 1, 7) },
    ],
    [message([TG], { obr: "20261399" }), "OBR segment 1: OBR-7 (observation date) is not a date.", { code: 102, location: at("OBR", 1, 7) }],
    [
      message([TG, "2|NM|1742-6^ALT^LN||30|U/L|7-56|N|||F|||2026112"]),
      "OBX segment 2: OBX-14 (observation date) is not a date.",
      { code: 102, location: at("OBX", 2, 14) },
    ],
    [message(["1||2571-8^TG^LN||180"]), "OBX segment 1: OBX-2 (value type) is missing.", { code: 101, location: at("OBX", 1, 2) }],
    [message(["1|NM|||180"]), "OBX segment 1: OBX-3 (observation identifier) is missing.", { code: 101, location: at("OBX", 1, 3) }],
    [message(["1|NM|2571-8^TG^LN||"]), "OBX segment 1: OBX-5 (observation value) is missing.", { code: 101, location: at("OBX", 1, 5) }],
    [`${msh("ORU^R01|C1|P|2.5.1")}\rOBX|${TG}`, "OBX segment 1: comes before any PID segment.", { code: 100, location: at("OBX", 1) }],
    [
      `${msh("ORU^R01|C1|P|2.5.1")}\rPID|1||MRN-1^^^CLINIC^MR||Doe^Jane||19990101|F`,
      "OBX segment 1: missing: the message carries no result.",
      { code: 100, location: at("OBX", 1) },
    ],
    [message([TG]).replace("\rOBR|", "\rjane doe\rOBR|"), "Segment 3: it starts with no segment name (such as OBX).", { code: 100 }],
    [message([TG]).replace("\rOBR|", "\rO\u0000R|"), "Segment 3: its name has a control character (0x00), not allowed in HL7 v2.", { code: 102 }],
  ])("%#: %s", (raw, error, problem) => {
    expect(refusal(raw)).toEqual([error, problem]);
  });

  it("quotes no date or value of the message, nor the start of a line that is not a segment", () => {
    expect(refusal(message([TG], { obr: "2026112X0800" }))[0]).not.toContain("2026112X0800");
    expect(refusal(message([TG]).replace("\rOBR|", "\rOkafor, Jane|\rOBR|"))[0]).not.toMatch(/Oka/);
    expect(parseOruFile("Okafor, Jane 19870704").error).toBe("The file must start with an MSH segment; it starts with no segment name.");
    expect(parseOruFile("PID|1||MRN-1").error).toBe('The file must start with an MSH segment; it starts with "PID".');
  });

  it("a pregnancy test is known by the catalogue's codes, the other hCG codes, or its name", () => {
    const catalogue = ["2106-3", "2118-8"];
    const is = (code: string, codeText: string) => isPregnancyTestObservation({ code, codeText }, catalogue);
    expect(is("2106-3", "")).toBe(true);
    expect(is("21198-7", "")).toBe(true);
    expect(is("19080-1", "")).toBe(true);
    expect(is("2119-6", "")).toBe(true);
    for (const name of [
      "Beta hCG, quantitative",
      "B-HCG QUANT",
      "bhcg",
      "BetaHCG",
      "QuantHCG",
      "HCGQ",
      "HCG,SERUM",
      "Choriogonadotropin",
      "Human Chorionic Gonadotropin",
      "Chorionic gonadotropin, beta",
      "Pregnancy test, urine",
      "Preg test urine",
    ]) {
      expect(is("LOCAL1", name)).toBe(true);
    }
    for (const name of ["Triglyceride", "ALT (SGPT)", "Vitamin D 25-Hydroxy", "Hemoglobin A1c", "CHG", "Pregnanediol, urine", "Pregnenolone"]) {
      expect(is("LOCAL1", name)).toBe(false);
    }
  });
});
