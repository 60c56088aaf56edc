import { describe, expect, it } from "vitest";
import { escapeHl7, importAckText } from "./ack";

describe("acknowledgement text", () => {
  it.each([
    [{ attached: 2, corrected: 0, queued: 0, queueReasons: [] }, "Imported: 2 results attached, 0 waiting for review."],
    [{ attached: 1, corrected: 1, queued: 0, queueReasons: [] }, "Imported: 1 results attached, 1 of them a correction, 0 waiting for review."],
    [{ attached: 3, corrected: 2, queued: 0, queueReasons: [] }, "Imported: 3 results attached, 2 of them corrections, 0 waiting for review."],
    [
      { attached: 0, corrected: 0, queued: 2, queueReasons: ["RETRACTED", "PRELIMINARY"] },
      "Imported: 0 results attached, 2 waiting for review (retracted, preliminary).",
    ],
    [{ attached: 0, corrected: 0, queued: 1, queueReasons: ["UNMATCHED"] }, "Imported: 0 results attached, 1 waiting for review (unknown MRN)."],
    // Too long for MSA-3 (80 characters) with every reason: the counts are kept, the reasons left out.
    [
      { attached: 12, corrected: 10, queued: 14, queueReasons: ["CORRECTION", "RETRACTED", "PRELIMINARY", "NOT_FINAL", "DOB_MISMATCH"] },
      "Imported: 12 results attached, 10 of them corrections, 14 waiting for review.",
    ],
  ] as const)("%o", (outcome, text) => {
    expect(importAckText({ ...outcome, queueReasons: [...outcome.queueReasons] })).toBe(text);
    expect(text.length).toBeLessThanOrEqual(80);
  });

  it("escapes control characters as HL7 hex escapes", () => {
    expect(escapeHl7("CT\u0000RL|x")).toBe("CT\\X00\\RL\\F\\x");
  });
});
