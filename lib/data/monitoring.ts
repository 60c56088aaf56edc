import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { dbDate, isoFromDb } from "@/lib/clinic";
import { db } from "@/lib/db";
import { addDays } from "@/lib/domain/dates";
import { doseIncreaseDates } from "@/lib/domain/dosing/increases";
import { computeMonitoringItems, isActionable, type ItemKind, type MonitoringItem, type PatientForMonitoring } from "@/lib/domain/monitoring/protocol";
import { writeAudit, type AuditActor } from "./audit";
import { getProtocol } from "./config";
import { courseInputFromRow, doseChangeSelect } from "./course-mapping";
import { ActionRefusal, notFound } from "./errors";

/** Analytes the protocol reads. Values are not loaded: only which test was collected when. */
const PROTOCOL_ANALYTES = ["ALT", "AST", "TG", "CHOL", "HCG"];

/**
 * Protocol inputs for a set of patients (or every patient with a course that can still generate items),
 * in four queries whatever the number of patients.
 */
async function loadInputs(asOf: string, patientId?: string): Promise<Map<string, PatientForMonitoring>> {
  // Ended courses matter only until their post-course pregnancy test is well past due.
  const courseWhere: Prisma.CourseWhereInput = {
    ...(patientId ? { patientId } : {}),
    OR: [{ status: { in: ["ACTIVE", "PAUSED"] } }, { endDate: { gte: dbDate(addDays(asOf, -120)) } }],
  };
  const courses = await db.course.findMany({
    where: courseWhere,
    select: {
      id: true, patientId: true, status: true, startDate: true, endDate: true, startWeightGrams: true, targetMgPerKg: true,
      patient: { select: { pregnancyCategory: true } },
      doseChanges: { select: doseChangeSelect },
      pauses: { select: { startDate: true, resumeDate: true } },
      missedDoses: { select: { date: true } },
      prescriptions: { select: { id: true, writtenOn: true } },
    },
  });
  const patientIds = [...new Set(courses.map((c) => c.patientId))];
  const earliest = courses.reduce((min, c) => (c.startDate < min ? c.startDate : min), dbDate(asOf));
  const [labs, waivers] = await Promise.all([
    db.labResult.findMany({
      where: { patientId: { in: patientIds }, analyte: { in: PROTOCOL_ANALYTES }, specimenDate: { gte: dbDate(addDays(isoFromDb(earliest), -45)) } },
      select: { patientId: true, analyte: true, specimenDate: true, valueQualitative: true },
    }),
    db.monitoringWaiver.findMany({ where: { patientId: { in: patientIds } }, select: { patientId: true, itemKey: true, reason: true, waivedAt: true, waivedBy: { select: { name: true } } } }),
  ]);
  const map = new Map<string, PatientForMonitoring>();
  for (const c of courses) {
    const entry = map.get(c.patientId) ?? { canBecomePregnant: c.patient.pregnancyCategory === "CAN_BECOME_PREGNANT", courses: [], labs: [], waivers: [] };
    entry.courses.push({
      id: c.id,
      startDate: isoFromDb(c.startDate),
      endDate: c.endDate ? isoFromDb(c.endDate) : null,
      status: c.status,
      doseIncreaseDates: doseIncreaseDates(courseInputFromRow(c).regimens),
      prescriptions: c.prescriptions.map((p) => ({ id: p.id, writtenOn: isoFromDb(p.writtenOn) })),
    });
    map.set(c.patientId, entry);
  }
  for (const l of labs) map.get(l.patientId)?.labs.push({ analyte: l.analyte, specimenDate: isoFromDb(l.specimenDate), qualitative: l.valueQualitative });
  for (const w of waivers) map.get(w.patientId)?.waivers.push({ itemKey: w.itemKey, reason: w.reason, waivedBy: w.waivedBy.name, waivedAt: w.waivedAt.toISOString() });
  return map;
}

export async function getPatientMonitoring(patientId: string, asOf: string): Promise<MonitoringItem[]> {
  const [inputs, protocol] = await Promise.all([loadInputs(asOf, patientId), getProtocol(asOf)]);
  const input = inputs.get(patientId);
  return input ? computeMonitoringItems(input, asOf, protocol) : [];
}

export interface WorklistRow {
  patientId: string;
  patientName: string;
  mrn: string;
  phone: string | null;
  email: string | null;
  clinicianId: string | null;
  clinician: string;
  itemKey: string;
  kind: ItemKind;
  item: string;
  dueDate: string;
  status: MonitoringItem["status"];
  daysOverdue: number;
  reason: string;
  lastOutreach: { note: string; at: string; by: string } | null;
}

export interface WorklistQuery {
  kind?: ItemKind;
  status?: "OVERDUE" | "DUE" | "DUE_SOON";
  clinicianId?: string;
  sort: "days" | "due" | "name";
}

/** Every actionable item across the clinic with what staff need to reach the patient, and no lab values. */
export async function getWorklist(asOf: string, q: WorklistQuery): Promise<WorklistRow[]> {
  const [inputs, protocol] = await Promise.all([loadInputs(asOf), getProtocol(asOf)]);
  const items: { patientId: string; item: MonitoringItem }[] = [];
  for (const [patientId, input] of inputs) for (const item of computeMonitoringItems(input, asOf, protocol)) if (isActionable(item)) items.push({ patientId, item });
  const patientIds = [...new Set(items.map((i) => i.patientId))];
  const [patients, notes] = await Promise.all([
    db.patient.findMany({ where: { id: { in: patientIds } }, select: { id: true, firstName: true, lastName: true, mrn: true, phone: true, email: true, primaryClinicianId: true, primaryClinician: { select: { name: true } } } }),
    db.outreachNote.findMany({ where: { patientId: { in: patientIds } }, orderBy: { createdAt: "desc" }, select: { patientId: true, itemKey: true, note: true, createdAt: true, createdBy: { select: { name: true } } } }),
  ]);
  const byId = new Map(patients.map((p) => [p.id, p]));
  const lastNote = new Map<string, WorklistRow["lastOutreach"]>();
  for (const n of notes) {
    const key = `${n.patientId}|${n.itemKey}`;
    if (!lastNote.has(key)) lastNote.set(key, { note: n.note, at: n.createdAt.toISOString(), by: n.createdBy.name });
  }
  const rows: WorklistRow[] = items.map(({ patientId, item }) => {
    const p = byId.get(patientId)!;
    return {
      patientId,
      patientName: `${p.lastName}, ${p.firstName}`,
      mrn: p.mrn,
      phone: p.phone,
      email: p.email,
      clinicianId: p.primaryClinicianId,
      clinician: p.primaryClinician?.name ?? "Unassigned",
      itemKey: item.key,
      kind: item.kind,
      item: item.label,
      dueDate: item.dueDate,
      status: item.status,
      daysOverdue: item.daysOverdue,
      reason: item.reason,
      lastOutreach: lastNote.get(`${patientId}|${item.key}`) ?? null,
    };
  });
  const filtered = rows.filter((r) => (!q.kind || r.kind === q.kind) && (!q.status || r.status === q.status) && (!q.clinicianId || r.clinicianId === q.clinicianId));
  const cmp: Record<WorklistQuery["sort"], (a: WorklistRow, b: WorklistRow) => number> = {
    days: (a, b) => b.daysOverdue - a.daysOverdue || a.patientName.localeCompare(b.patientName),
    due: (a, b) => a.dueDate.localeCompare(b.dueDate) || a.patientName.localeCompare(b.patientName),
    name: (a, b) => a.patientName.localeCompare(b.patientName) || a.dueDate.localeCompare(b.dueDate),
  };
  return filtered.sort(cmp[q.sort]);
}

/** Checks that an item key belongs to this patient's current items before a waiver or note names it. */
async function assertItem(patientId: string, itemKey: string, asOf: string): Promise<MonitoringItem> {
  const item = (await getPatientMonitoring(patientId, asOf)).find((i) => i.key === itemKey);
  if (!item) throw new ActionRefusal({ status: "error", message: "That monitoring item is not open for this patient." });
  return item;
}

export async function waiveItem(actor: AuditActor, input: { patientId: string; itemKey: string; reason: string }, asOf: string) {
  const item = await assertItem(input.patientId, input.itemKey, asOf);
  await db.$transaction(async (tx) => {
    const created = await tx.monitoringWaiver.createMany({ data: [{ patientId: input.patientId, courseId: item.courseId, itemKey: input.itemKey, reason: input.reason, waivedById: actor.id }], skipDuplicates: true });
    if (created.count === 0) throw new ActionRefusal({ status: "error", message: "This item is already waived." });
    await writeAudit(tx, actor, { action: "monitoring.waive", entityType: "MonitoringWaiver", patientId: input.patientId, changes: { itemKey: input.itemKey, reason: input.reason } });
  });
}

export async function addOutreachNote(actor: AuditActor, input: { patientId: string; itemKey: string; note: string }, asOf: string) {
  const exists = await db.patient.count({ where: { id: input.patientId } });
  if (!exists) throw notFound("patient");
  await assertItem(input.patientId, input.itemKey, asOf);
  await db.$transaction(async (tx) => {
    const n = await tx.outreachNote.create({ data: { patientId: input.patientId, itemKey: input.itemKey, note: input.note, createdById: actor.id }, select: { id: true } });
    await writeAudit(tx, actor, { action: "monitoring.outreach", entityType: "OutreachNote", entityId: n.id, patientId: input.patientId, changes: { itemKey: input.itemKey } });
  });
}
