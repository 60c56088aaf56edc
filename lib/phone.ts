import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

/**
 * Patients' phone numbers. A number is kept in E.164 ("+12015550123"): the country code, then the
 * national number, nothing else. What was typed is read in the clinic's country unless it starts with +
 * (or 011, the US international prefix), and must be a valid number of its numbering plan by libphonenumber's metadata
 * (Google's libphonenumber, ITU-T E.164): "2015550123" and "1 201 555 0123" are the same US number, while
 * 11 digits that do not start with the country code ("44207946095") are refused rather than guessed at.
 *
 * The clinic's country: there is no setting for it yet, so numbers without a country code are read as US
 * numbers, the country whose REMS programme (iPLEDGE) the portal follows.
 */
export const CLINIC_PHONE_COUNTRY: CountryCode = "US";

/** Characters a phone number field may hold: digits, spaces, + ( ) - . (no letters, no extension). */
const PHONE_CHARACTERS = /^[0-9+()\-. ]+$/;

const PHONE_FORMAT_MESSAGE = "Enter a phone number with digits, spaces, + ( ) - .";
const PHONE_INVALID_MESSAGE = "This is not a valid phone number. Enter the area code and number, or + and the country code for a number outside the US.";

/** The number parsed, when its characters are a phone number's and it is valid; else null, or why not. */
function parseValid(typed: string, country: CountryCode) {
  const text = typed.trim();
  if (!PHONE_CHARACTERS.test(text)) return { parsed: null, message: PHONE_FORMAT_MESSAGE };
  const parsed = parsePhoneNumberFromString(text, country);
  return parsed?.isValid() ? { parsed, message: null } : { parsed: null, message: PHONE_INVALID_MESSAGE };
}

/** A typed number in E.164, or why it cannot be one (for the form's field). */
export function readPhone(typed: string, country: CountryCode = CLINIC_PHONE_COUNTRY): { ok: true; e164: string } | { ok: false; message: string } {
  const { parsed, message } = parseValid(typed, country);
  return parsed ? { ok: true, e164: parsed.number } : { ok: false, message: message! };
}

/** The number in E.164, or null when it is not a valid phone number. */
export function phoneE164(typed: string, country: CountryCode = CLINIC_PHONE_COUNTRY): string | null {
  const read = readPhone(typed, country);
  return read.ok ? read.e164 : null;
}

/** A stored number as the lists show it, and whether it needs checking. */
export interface PhoneShown {
  text: string;
  /** The stored number is not a valid phone number: shown as stored, flagged, and never texted. */
  needsCheck: boolean;
}

/**
 * A stored number for display: a valid one in the clinic country's own format ("(201) 555-0123"), or in
 * the international format for another country's ("+44 20 7946 0958"); one that is not valid (stored
 * before numbers were checked) exactly as stored, flagged.
 */
export function showPhone(stored: string, country: CountryCode = CLINIC_PHONE_COUNTRY): PhoneShown {
  const { parsed } = parseValid(stored, country);
  if (!parsed) return { text: stored, needsCheck: true };
  return { text: parsed.country === country ? parsed.formatNational() : parsed.formatInternational(), needsCheck: false };
}
