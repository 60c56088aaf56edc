import "server-only";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import type { MessageOutcome } from "./import-hl7";
import type { UrgentResult } from "./import-hl7-urgent";
import { assertCan, type Viewer } from "./viewer";

/*
 * An uploaded file's messages as the upload page answers them (app/(portal)/labs/import): the patients their
 * results were attached to, and those of the results that need the clinic today (lib/data/import-hl7-urgent.ts),
 * named by name and MRN, linked to their charts. Read for the page only: never logged, never in a URL.
 */

export type NamedPatient = { id: string; name: string; mrn: string };

/** `patient`: the chart it is on, or whose prescribing it holds; `mrn`: a waiting result's MRN as the message gives it. */
export type NamedUrgent = UrgentResult & { patient: NamedPatient | null; mrn: string | null };

export type NamedMessage = Omit<MessageOutcome, "sender" | "version" | "problem" | "patients" | "urgent"> & {
  patients: { id: string; attached: number; name: string | null; mrn: string | null }[];
  urgent: NamedUrgent[];
};

/**
 * Each message of an upload for the uploader: refused for a role that does not upload (labs.write). Patients are
 * named (name and MRN), and a waiting result's MRN as the message gives it, only to a role that sees patients
 * (patients.read); to any other, they stay unnamed.
 */
export async function namedUploadOutcomes(viewer: Viewer, messages: MessageOutcome[]): Promise<NamedMessage[]> {
  assertCan(viewer, "labs.write");
  const seesPatients = can(viewer.role, "patients.read");
  const patientIds = [...new Set(messages.flatMap((m) => [...m.patients.map((p) => p.id), ...m.urgent.flatMap((u) => (u.patientId ? [u.patientId] : []))]))];
  const entryIds = messages.flatMap((m) => m.urgent.flatMap((u) => ("entryId" in u ? [u.entryId] : [])));
  const [patients, entries] = seesPatients
    ? await Promise.all([
        db.patient.findMany({ where: { id: { in: patientIds } }, select: { id: true, firstName: true, lastName: true, mrn: true } }),
        db.hl7QueueEntry.findMany({ where: { id: { in: entryIds } }, select: { id: true, mrn: true } }),
      ])
    : [[], []];
  const people = new Map<string, NamedPatient>(patients.map((p) => [p.id, { id: p.id, name: `${p.lastName}, ${p.firstName}`, mrn: p.mrn }]));
  const mrns = new Map(entries.map((e) => [e.id, e.mrn]));
  const person = (id: string | null) => (id ? (people.get(id) ?? null) : null);
  return messages.map(({ sender: _s, version: _v, problem: _p, patients: attachedTo, urgent, ...m }) => ({
    ...m,
    patients: attachedTo.map((p) => ({ ...p, name: person(p.id)?.name ?? null, mrn: person(p.id)?.mrn ?? null })),
    urgent: urgent.map((u) => ({ ...u, patient: person(u.patientId), mrn: "entryId" in u ? (mrns.get(u.entryId) ?? null) : null })),
  }));
}
