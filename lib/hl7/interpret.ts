import type { SentRange } from "@/lib/domain/lab-reference-range";
import { OTHER_HCG_CODES } from "@/lib/domain/monitoring/catalogue";
import type { Observation } from "./oru";

// What a parsed observation (lib/hl7/oru.ts) means for the import and the review queue: its reference range,
// a qualitative value, its result status and what a status not recorded means, who may dismiss it from
// the queue; and whether two messages under one control id say the same.

/**
 * OBX-7 as limits: "0-200", "0.0 - 1.7", "<200", ">40", "<=150", and the unit a laboratory may write after
 * them ("0-200 mg/dL", "<1.7 mmol/L"; null when none is written). Text that is no range: no limits.
 */
export function parseRange(range: string | null): SentRange {
  const none = { low: null, high: null, unit: null };
  if (!range) return none;
  const written = /^(.*?\d)\s*([A-Za-z%\[\u00b5][^\s]*)$/.exec(range.trim());
  const r = written ? written[1]! : range.trim();
  const unit = written ? written[2]! : null;
  let m = /^(-?\d+(?:\.\d+)?)\s*-\s*(-?\d+(?:\.\d+)?)$/.exec(r);
  if (m) return { low: Number(m[1]), high: Number(m[2]), unit };
  m = /^<=?\s*(\d+(?:\.\d+)?)$/.exec(r);
  if (m) return { low: null, high: Number(m[1]), unit };
  m = /^>=?\s*(\d+(?:\.\d+)?)$/.exec(r);
  if (m) return { low: Number(m[1]), high: null, unit };
  return none;
}

/**
 * A qualitative result (pregnancy tests) from OBX-5: SNOMED CT codes 10828004 positive, 260385009
 * negative, 82334004 indeterminate, or the words laboratories send. Null: not recognised.
 */
export function qualitativeValue(o: Pick<Observation, "value" | "valueText">): "POSITIVE" | "NEGATIVE" | "INDETERMINATE" | null {
  const codes: Record<string, "POSITIVE" | "NEGATIVE" | "INDETERMINATE"> = { "10828004": "POSITIVE", "260385009": "NEGATIVE", "82334004": "INDETERMINATE" };
  if (codes[o.value]) return codes[o.value]!;
  const word = `${o.value} ${o.valueText}`.trim().toUpperCase();
  if (/^(NEG|NEGATIVE|NOT DETECTED|NONREACTIVE|NON-REACTIVE)\b/.test(word)) return "NEGATIVE";
  if (/^(POS|POSITIVE|DETECTED|REACTIVE)\b/.test(word)) return "POSITIVE";
  if (/^(IND|INDETERMINATE|EQUIVOCAL|BORDERLINE)\b/.test(word)) return "INDETERMINATE";
  return null;
}

/**
 * What an OBX-11 result status (HL7 table 0085) means for the import. F (final) or empty: recorded. C
 * (corrected): replaces the result it corrects. W (wrong: posted in error) and D (deleted): the laboratory
 * retracts a result, which a person voids. P (preliminary) and every other status (R not verified, S
 * partial, I in process, X cannot be obtained, U made final without the values...): not a final result.
 */
export type ResultStatus = "FINAL" | "CORRECTED" | "RETRACTED" | "PRELIMINARY" | "NOT_FINAL";

export function resultStatus(status: string): ResultStatus {
  const s = status.trim().toUpperCase();
  if (s === "F" || s === "") return "FINAL";
  if (s === "C") return "CORRECTED";
  if (s === "W" || s === "D") return "RETRACTED";
  if (s === "P") return "PRELIMINARY";
  return "NOT_FINAL";
}

/**
 * A test name that reads as a pregnancy test: hCG anywhere in it (beta-hCG, BetaHCG, QuantHCG, HCGQ),
 * (human) chorionic gonadotropin, choriogonadotropin, pregnancy or pregnant, "preg test". Not pregnanediol
 * or pregnenolone, which are other hormones. The migration that flagged waiting entries used the same words.
 */
const PREGNANCY_TEST_NAME = /hcg|chorionic\s*gonadotropin|choriogonadotropin|pregnan(cy|t)|preg\.?\s*test/i;

/**
 * Whether a laboratory's observation is a pregnancy test: its code is one of the catalogue's (`catalogueCodes`)
 * or another hCG code, or its name (OBX-3's text) says so. One the catalogue cannot record waits in the queue
 * like any other, and, as a pregnancy test, stops prescribing until a dermatologist reviews it: a positive
 * quantitative hCG under a code the clinic never set up is not a missed pregnancy test.
 */
export function isPregnancyTestObservation(o: Pick<Observation, "code" | "codeText">, catalogueCodes: readonly string[]): boolean {
  return catalogueCodes.includes(o.code) || OTHER_HCG_CODES.includes(o.code) || PREGNANCY_TEST_NAME.test(o.codeText);
}

/**
 * A pregnancy test whose only date is the message's own time (MSH-7: no OBX-14, no OBR-7) is not filed on
 * that date: the prescription rules count a pregnancy test by the day its specimen was collected, and a
 * specimen collected days before the message would count as a test of the day it was sent. It waits in the
 * queue, and whoever attaches it enters the collection date from the laboratory's report. Any other test
 * is still dated by the message when it gives no other date.
 */
export function needsCollectionDate(o: Pick<Observation, "specimenDateFrom">, isPregnancyTest: boolean): boolean {
  return isPregnancyTest && o.specimenDateFrom === "MSH-7";
}

/** Why such a pregnancy test waits, and what attaching it asks. */
export const COLLECTION_DATE_MISSING_TEXT =
  "The laboratory sent no collection date for this pregnancy test (OBX-14 and OBR-7 are empty; the message's own date is when it was sent, not when the specimen was collected). Take the collection date from the laboratory's report and enter it to attach the result.";

/**
 * A pregnancy test waiting for review that is anything but a plain final negative (a positive, an
 * indeterminate or unreadable value, a preliminary, retracted or corrected one) is critical: only a
 * dermatologist dismisses it, as only a dermatologist voids a pregnancy test on the chart.
 */
export function needsDermatologist(o: Pick<Observation, "value" | "valueText" | "status">, isPregnancyTest: boolean): boolean {
  return isPregnancyTest && !(resultStatus(o.status) === "FINAL" && qualitativeValue(o) === "NEGATIVE");
}

/** A status that is not recorded: each is also the queue reason its result waits under. */
export type NotRecorded = Exclude<ResultStatus, "FINAL" | "CORRECTED">;

/** What a status that is not recorded means, for the queue. */
export function statusText(o: Observation, status: NotRecorded): string {
  if (status === "RETRACTED")
    return o.status === "D" ? "The laboratory deleted this result (OBX-11 D)." : "The laboratory retracted this result as wrong (OBX-11 W).";
  if (status === "PRELIMINARY") return "A preliminary result (OBX-11 P): it is not recorded; the final result comes in its own message.";
  return `The result's status is ${o.status} (OBX-11), not final: it is not recorded.`;
}

/** Why every result of a message that reused a control id waits for review. */
export const controlIdReusedText = (controlId: string) =>
  `The laboratory sent this result in a message whose id (MSH-10 ${controlId}) an earlier message with other content already used: check that it belongs to the patient before attaching it.`;

/**
 * Whether two messages under one control id say the same: their segments compared as sent, except the
 * message's own time (MSH-7), which a sender may set again when it resends, and the line endings.
 */
export function sameMessageContent(a: string, b: string): boolean {
  const normal = (raw: string) =>
    raw
      .split(/\r\n|\r|\n/)
      .filter((segment) => segment.length > 0)
      .map((segment) => {
        if (!segment.startsWith("MSH")) return segment;
        const fields = segment.split(segment[3] ?? "|");
        if (fields.length > 6) fields[6] = "";
        return fields.join(segment[3] ?? "|");
      })
      .join("\r");
  return normal(a) === normal(b);
}
