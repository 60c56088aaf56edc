import { describe, expect, it } from "vitest";
import { needsCollectionDate } from "./interpret";
import { parseOruFile, type Observation } from "./oru";

/**
 * Which date an observation has, and where it came from: OBX-14, else OBR-7, else the message's own time
 * (MSH-7, 23 Nov here), which is when the message was sent, not when the specimen was collected.
 */
function observations(obr: string, obx: string[]): Observation[] {
  const raw = [
    "MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|202611230830||ORU^R01|CTRL-D|P|2.5.1",
    "PID|1||MRN-1^^^CLINIC^MR||Doe^Jane||19990101|F",
    `OBR|1||ORD1|57698-3^Panel^LN|||${obr}`,
    ...obx.map((o, i) => `OBX|${i + 1}|${o}`),
  ].join("\r");
  const first = parseOruFile(raw).messages[0];
  if (!first?.ok) throw new Error("not parsed");
  return first.message.patients.flatMap((p) => p.observations);
}
const HCG = "CWE|2106-3^hCG urine^LN||260385009^Negative^SCT||Negative|N|||F";
const ALT = "NM|1742-6^ALT^LN||30|U/L|7-56|N|||F";
const dates = (os: Observation[]) => os.map((o) => [o.code, o.specimenDate, o.specimenDateFrom]);

describe("an observation's date and its source", () => {
  it("takes OBX-14 first, whatever OBR-7 says", () => {
    expect(dates(observations("202611200800", [`${HCG}|||202611130900`]))).toEqual([["2106-3", "2026-11-13", "OBX-14"]]);
  });

  it("takes OBR-7 when OBX-14 is empty", () => {
    expect(dates(observations("202611200800", [HCG, ALT]))).toEqual([
      ["2106-3", "2026-11-20", "OBR-7"],
      ["1742-6", "2026-11-20", "OBR-7"],
    ]);
  });

  it("falls back on the message's time (MSH-7) when both are empty, and says so", () => {
    expect(dates(observations("", [HCG, ALT, `${ALT}|||202611210700`]))).toEqual([
      ["2106-3", "2026-11-23", "MSH-7"],
      ["1742-6", "2026-11-23", "MSH-7"],
      ["1742-6", "2026-11-21", "OBX-14"],
    ]);
  });
});

describe("a pregnancy test without a collection date", () => {
  it("needs one entered only when it is a pregnancy test dated by the message alone", () => {
    const [hcgByMessage, altByMessage] = observations("", [HCG, ALT]);
    const [hcgByOrder] = observations("202611200800", [HCG]);
    expect([
      needsCollectionDate(hcgByMessage!, true),
      needsCollectionDate(altByMessage!, false),
      needsCollectionDate(hcgByOrder!, true),
      // Queued before the source was recorded: as the laboratory dated it.
      needsCollectionDate({}, true),
    ]).toEqual([true, false, false, false]);
  });
});
