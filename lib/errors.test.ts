import { describe, expect, it } from "vitest";
import { confirmationsDue, confirmationToken, needsConfirmation } from "./errors";

const at60 = {
  code: "DAILY_EQUIVALENT_ABOVE_1_MG_KG",
  message: "The daily equivalent is 1.05 mg/kg/day at 60 kg, above 1 mg/kg/day.",
};
const at45 = { code: at60.code, message: "The daily equivalent is 1.40 mg/kg/day at 45 kg, above 1 mg/kg/day." };
const far = { code: "WEIGHT_FAR_FROM_RECORDED", message: "148 kg is far from the 67 kg recorded on 15 Nov 2026: check it is in kg, not pounds." };

describe("a confirmation token", () => {
  it("is the code and the first 16 hex digits of the SHA-256 of the message", () => {
    // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad (FIPS 180-2, appendix B.1).
    expect(confirmationToken({ code: "SOME_CODE", message: "abc" })).toBe("SOME_CODE:ba7816bf8f01cfea");
    // The empty message: e3b0c44298fc1c14... (SHA-256 of no bytes).
    expect(confirmationToken({ code: "UNUSUAL:6f1c2d3e-0000-4000-8000-000000000001", message: "" })).toBe(
      "UNUSUAL:6f1c2d3e-0000-4000-8000-000000000001:e3b0c44298fc1c14",
    );
  });

  it("differs for the same code with other figures, and for the same text under another code", () => {
    expect(confirmationToken(at60)).not.toBe(confirmationToken(at45));
    expect(confirmationToken(at60)).not.toBe(confirmationToken({ ...at60, code: "DOSE_IN_FORCE_ABOVE_LIMIT" }));
    expect(confirmationToken(at60)).toBe(confirmationToken({ ...at60 }));
  });

  it("is what a question to confirm carries with each warning, and nothing else", () => {
    const error = needsConfirmation("Review and confirm these warnings to save.", [{ ...at60, extra: "not sent" } as typeof at60, far]);
    expect(error.detail.warnings).toEqual([
      { ...at60, token: confirmationToken(at60) },
      { ...far, token: confirmationToken(far) },
    ]);
  });
});

describe("the confirmations due", () => {
  it("passes the warning whose token was sent", () => {
    expect(confirmationsDue([at60], [confirmationToken(at60)])).toEqual({ pending: [], acknowledged: [at60.code] });
  });

  it("asks again, with its new text, a warning of the same code whose figures changed since it was confirmed", () => {
    expect(confirmationsDue([at45], [confirmationToken(at60)])).toEqual({ pending: [at45], acknowledged: [at60.code] });
  });

  it("never passes a warning on its code alone", () => {
    expect(confirmationsDue([at60], [at60.code]).pending).toEqual([at60]);
    expect(confirmationsDue([at60], [`${at60.code}:0000000000000000`]).pending).toEqual([at60]);
  });

  it("takes the warnings and the confirmations in any order, and skips those not due", () => {
    const tokens = [confirmationToken(far), confirmationToken(at60)];
    expect(confirmationsDue([at60, null, far], tokens)).toEqual({ pending: [], acknowledged: [at60.code, far.code] });
    expect(confirmationsDue([far, at60], [...tokens].reverse())).toEqual({ pending: [], acknowledged: [far.code, at60.code] });
    expect(confirmationsDue([null], tokens)).toEqual({ pending: [], acknowledged: [] });
  });

  it("asks every warning again while one of them is not confirmed as it reads now", () => {
    expect(confirmationsDue([far, at45], [confirmationToken(far), confirmationToken(at60)]).pending).toEqual([far, at45]);
    expect(confirmationsDue([far, at45], [confirmationToken(at45)]).pending).toEqual([far, at45]);
  });
});
