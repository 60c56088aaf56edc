import { describe, expect, it } from "vitest";
import { channelEligibility, INELIGIBLE_REASONS, type ContactChannel, type Eligibility, type PatientContact } from "./eligibility";

const base: PatientContact = { email: "pat@example.test", phone: "(201) 555-0144", doNotEmail: false, doNotText: false, doNotCall: false };

/** Each rule, with the answer worked out by hand. */
const TABLE: [string, Partial<PatientContact>, ContactChannel, Eligibility][] = [
  ["email on file", {}, "EMAIL", { ok: true, recipient: "pat@example.test" }],
  ["email, spaces trimmed", { email: "  pat@example.test " }, "EMAIL", { ok: true, recipient: "pat@example.test" }],
  ["no email", { email: null }, "EMAIL", { ok: false, reason: "NO_EMAIL" }],
  ["blank email", { email: "   " }, "EMAIL", { ok: false, reason: "NO_EMAIL" }],
  ["do not email", { doNotEmail: true }, "EMAIL", { ok: false, reason: "DO_NOT_EMAIL" }],
  ["do not email and no email: the patient's wish is the reason", { doNotEmail: true, email: null }, "EMAIL", { ok: false, reason: "DO_NOT_EMAIL" }],
  ["do not text leaves email open", { doNotText: true, doNotCall: true }, "EMAIL", { ok: true, recipient: "pat@example.test" }],
  ["text to a US number, in E.164", {}, "SMS", { ok: true, recipient: "+12015550144" }],
  ["text to a US number stored in E.164", { phone: "+12015550144" }, "SMS", { ok: true, recipient: "+12015550144" }],
  ["text to a US number typed with its country code", { phone: "1-201-555-0144" }, "SMS", { ok: true, recipient: "+12015550144" }],
  ["text to an international number", { phone: "+44 20 7946 0958" }, "SMS", { ok: true, recipient: "+442079460958" }],
  ["no phone", { phone: null }, "SMS", { ok: false, reason: "NO_PHONE" }],
  ["7-digit number cannot be texted", { phone: "555-0144" }, "SMS", { ok: false, reason: "PHONE_UNUSABLE" }],
  ["11 digits without the country code cannot be texted", { phone: "44207946095" }, "SMS", { ok: false, reason: "PHONE_UNUSABLE" }],
  ["a number no area code starts cannot be texted", { phone: "(555) 201-3344" }, "SMS", { ok: false, reason: "PHONE_UNUSABLE" }],
  ["do not text, whatever the number", { doNotText: true, phone: "44207946095" }, "SMS", { ok: false, reason: "DO_NOT_TEXT" }],
  ["do not text", { doNotText: true }, "SMS", { ok: false, reason: "DO_NOT_TEXT" }],
  ["do not call leaves text open", { doNotCall: true }, "SMS", { ok: true, recipient: "+12015550144" }],
  ["do not email leaves text open", { doNotEmail: true }, "SMS", { ok: true, recipient: "+12015550144" }],
  ["call a 7-digit number, as stored", { phone: "555-0144" }, "PHONE", { ok: true, recipient: "555-0144" }],
  ["do not call", { doNotCall: true }, "PHONE", { ok: false, reason: "DO_NOT_CALL" }],
  ["no number to call", { phone: "" }, "PHONE", { ok: false, reason: "NO_PHONE" }],
];

describe("channel eligibility", () => {
  it.each(TABLE)("%s", (_name, over, channel, expected) => {
    expect(channelEligibility({ ...base, ...over }, channel)).toEqual(expected);
  });

  it("refuses with reasons that name the channel, never an address or a number", () => {
    for (const reason of Object.values(INELIGIBLE_REASONS)) {
      expect(reason).toMatch(/^[A-Z][^@\d]*\.$/);
    }
  });
});
