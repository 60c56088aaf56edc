import { createHash } from "node:crypto";
import type { Flag, Patient, Task } from "@medplum/fhirtypes";
import type { IsoDate } from "@/lib/domain/dates";
import type { MonitoringItem } from "@/lib/domain/monitoring/items";
import { FLAG_CATEGORY, IDENTIFIER_TYPE, ISOTRACK, MRN_SYSTEM } from "./systems";

type SexAtBirth = "FEMALE" | "MALE" | "INTERSEX" | "UNKNOWN";

const GENDER: Record<SexAtBirth, Patient["gender"]> = { FEMALE: "female", MALE: "male", INTERSEX: "other", UNKNOWN: "unknown" };

/** Demographics: the MRN as the medical-record identifier, name, birth date, gender from sex at birth, telecom. */
export function patientResource(p: {
  id: string;
  mrn: string;
  firstName: string;
  lastName: string;
  dateOfBirth: IsoDate;
  sexAtBirth: SexAtBirth;
  phone: string | null;
  email: string | null;
}): Patient {
  const telecom = [...(p.phone ? [{ system: "phone" as const, value: p.phone }] : []), ...(p.email ? [{ system: "email" as const, value: p.email }] : [])];
  return {
    resourceType: "Patient",
    id: p.id,
    identifier: [
      { use: "usual", type: { coding: [{ system: IDENTIFIER_TYPE, code: "MR", display: "Medical record number" }] }, system: MRN_SYSTEM, value: p.mrn },
    ],
    name: [{ use: "official", family: p.lastName, given: [p.firstName] }],
    gender: GENDER[p.sexAtBirth],
    birthDate: p.dateOfBirth,
    ...(telecom.length ? { telecom } : {}),
  };
}

export const categoryFlagId = (patientId: string) => `${patientId}.pregnancy-category`;
export const reviewFlagId = (patientId: string) => `${patientId}.pregnancy-test-review`;
export const reviewRequiredFlagId = (patientId: string) => `${patientId}.review-required`;

const CATEGORY_CODES = {
  CAN_BECOME_PREGNANT: { code: "can-become-pregnant", display: "Pregnancy prevention: can become pregnant" },
  CANNOT_BECOME_PREGNANT: { code: "cannot-become-pregnant", display: "Pregnancy prevention: cannot become pregnant" },
} as const;

const drugCategory = [{ coding: [{ system: FLAG_CATEGORY, code: "drug", display: "Drug" }] }];
const flagBase = (id: string, patientId: string) => ({
  resourceType: "Flag" as const,
  id,
  status: "active" as const,
  category: drugCategory,
  subject: { reference: `Patient/${patientId}` },
});

/** The patient's pregnancy-prevention category (iPLEDGE since 2021), in force since its latest change. */
export function categoryFlag(patientId: string, category: keyof typeof CATEGORY_CODES, since: IsoDate | null): Flag {
  const c = CATEGORY_CODES[category];
  return {
    ...flagBase(categoryFlagId(patientId), patientId),
    code: { coding: [{ system: ISOTRACK, ...c }], text: c.display },
    ...(since ? { period: { start: since } } : {}),
  };
}

/**
 * For a role that reads no lab result (office staff): what the portal's banner tells it, in its words, while
 * only a dermatologist's review lifts the stop of prescribing (a test awaiting a decision, a laboratory's test
 * waiting in the queue, a result the rules cannot read). Neither its code nor its id names a pregnancy test.
 */
export function reviewRequiredFlag(patientId: string): Flag {
  const code = { system: ISOTRACK, code: "dermatologist-review-required", display: "Dermatologist review required before any further prescription" };
  return { ...flagBase(reviewRequiredFlagId(patientId), patientId), code: { coding: [code], text: code.display } };
}

/**
 * For a role that reads lab results: a positive or indeterminate pregnancy test awaiting the dermatologist's
 * decision, with the result, its date and a link to the test (the flag-detail extension), as on the portal's banner.
 */
export function reviewFlag(patientId: string, test: { id: string; specimenDate: IsoDate; result: string }): Flag {
  const code = { system: ISOTRACK, code: "pregnancy-test-review", display: "Pregnancy test awaiting dermatologist review" };
  const result = test.result.toLowerCase();
  return {
    ...flagBase(reviewFlagId(patientId), patientId),
    extension: [{ url: "http://hl7.org/fhir/StructureDefinition/flag-detail", valueReference: { reference: `Observation/${test.id}` } }],
    code: {
      coding: [code],
      text: `${result[0]!.toUpperCase()}${result.slice(1)} pregnancy test of ${test.specimenDate} awaiting the dermatologist's decision`,
    },
    period: { start: test.specimenDate },
  };
}

/** A monitoring item's key (which names courses and dates) as a FHIR id under the patient's: [A-Za-z0-9.-]{1,64}. */
export const taskId = (patientId: string, itemKey: string) => `${patientId}.${createHash("sha256").update(itemKey).digest("hex").slice(0, 16)}`;

/**
 * An open monitoring item as a Task for the patient: what is due (its label) by when (its due date). The
 * item's own key is not given: it can name a pregnancy test, which office staff must not be led to.
 */
export function monitoringTask(patientId: string, item: Pick<MonitoringItem, "key" | "kind" | "label" | "status" | "dueDate" | "reason">): Task {
  return {
    resourceType: "Task",
    id: taskId(patientId, item.key),
    status: "requested",
    businessStatus: { text: item.status.replace("_", " ").toLowerCase() },
    intent: "order",
    code: { coding: [{ system: ISOTRACK, code: item.kind.toLowerCase().replaceAll("_", "-"), display: item.label }], text: item.label },
    description: item.label,
    for: { reference: `Patient/${patientId}` },
    restriction: { period: { end: item.dueDate } },
    reasonCode: { text: item.reason },
  };
}
