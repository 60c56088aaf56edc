import "server-only";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { clinicToday, dbDate, isoFromDb } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import { addDays, daysBetween } from "@/lib/domain/dates";
import { doseIncreaseDates } from "@/lib/domain/dosing/increases";
import { computeMonitoringItems, type ItemKind, type MonitoringItem, type PatientForMonitoring } from "@/lib/domain/monitoring/protocol";
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
async function loadInputs(client: Tx | PrismaClient, asOf: string, patientId?: string): Promise<Map<string, PatientForMonitoring>> {
  // Ended courses matter only until their post-course pregnancy test is well past due.
  const courseWhere: Prisma.CourseWhereInput = {
    ...(patientId ? { patientId } : {}),
    OR: [{ status: { in: ["ACTIVE", "PAUSED"] } }, { endDate: { gte: dbDate(addDays(asOf, -120)) } }],
  };
  const courses = await client.course.findMany({
    where: courseWhere,
    select: {
      id: true,
      patientId: true,
      status: true,
      startDate: true,
      endDate: true,
      startWeightGrams: true,
      targetMgPerKg: true,
      patient: { select: { pregnancyCategory: true } },
      doseChanges: { select: doseChangeSelect },
      pauses: { select: { startDate: true, resumeDate: true } },
      missedDoses: { select: { date: true } },
      prescriptions: { select: { id: true, writtenOn: true } },
    },
  });
  const patientIds = [...new Set(courses.map((c) => c.patientId))];
  const earliest = courses.reduce((min, c) => (c.startDate < min ? c.startDate : min), dbDate(asOf));
  // One after the other: inside a transaction there is a single connection.
  const labs = await client.labResult.findMany({
    where: { patientId: { in: patientIds }, analyte: { in: PROTOCOL_ANALYTES }, specimenDate: { gte: dbDate(addDays(isoFromDb(earliest), -45)) } },
    select: { patientId: true, analyte: true, specimenDate: true, valueQualitative: true },
  });
  const waivers = await client.monitoringWaiver.findMany({
    where: { patientId: { in: patientIds } },
    select: { patientId: true, itemKey: true, reason: true, waivedAt: true, waivedBy: { select: { name: true } } },
  });
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
  for (const w of waivers)
    map.get(w.patientId)?.waivers.push({ itemKey: w.itemKey, reason: w.reason, waivedBy: w.waivedBy.name, waivedAt: w.waivedAt.toISOString() });
  return map;
}

export async function getPatientMonitoring(patientId: string, asOf: string): Promise<MonitoringItem[]> {
  const [inputs, protocol] = await Promise.all([loadInputs(db, asOf, patientId), getProtocol(asOf)]);
  const input = inputs.get(patientId);
  return input ? computeMonitoringItems(input, asOf, protocol) : [];
}

function itemRows(patientId: string, items: MonitoringItem[]) {
  return items.map((i) => ({
    patientId,
    itemKey: i.key,
    courseId: i.courseId,
    kind: i.kind,
    label: i.label,
    dueDate: dbDate(i.dueDate),
    dueSoonDays: i.dueSoonDays,
    overdueAfterDays: i.overdueAfterDays,
    completedOn: i.completedOn ? dbDate(i.completedOn) : null,
    waived: i.status === "WAIVED",
    reason: i.reason,
  }));
}

/**
 * Recomputes one patient's stored items inside the caller's transaction, so the worklist changes exactly
 * when the data does. Every write that can change an item calls it.
 */
export async function refreshPatientMonitoring(tx: Tx, patientId: string): Promise<void> {
  const asOf = clinicToday();
  const inputs = await loadInputs(tx, asOf, patientId);
  const protocol = await getProtocol(asOf, tx);
  const input = inputs.get(patientId);
  await tx.monitoringItemRow.deleteMany({ where: { patientId } });
  if (input) await tx.monitoringItemRow.createMany({ data: itemRows(patientId, computeMonitoringItems(input, asOf, protocol)) });
}

/** Recomputes every patient's items (after seeding or a protocol change), a few thousand patients at a time. */
export async function refreshAllMonitoring(client: PrismaClient, asOf = clinicToday()): Promise<number> {
  const [inputs, protocol] = await Promise.all([loadInputs(client, asOf), getProtocol(asOf)]);
  const rows = [...inputs].flatMap(([patientId, input]) => itemRows(patientId, computeMonitoringItems(input, asOf, protocol)));
  await client.$transaction(
    async (tx) => {
      await tx.monitoringItemRow.deleteMany({});
      for (let i = 0; i < rows.length; i += 5000) await tx.monitoringItemRow.createMany({ data: rows.slice(i, i + 5000) });
    },
    { timeout: 120_000 },
  );
  return rows.length;
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

/**
 * An item's status on a day, in SQL. It must agree with itemStatus() in lib/domain/monitoring/protocol.ts;
 * tests/integration/monitoring-store.test.ts compares the two case by case.
 */
export function statusSql(asOf: string) {
  return Prisma.sql`CASE
    WHEN mi.waived THEN 'WAIVED'
    WHEN mi.completed_on IS NOT NULL THEN 'COMPLETED'
    WHEN ${asOf}::date - mi.due_date > mi.overdue_after_days THEN 'OVERDUE'
    WHEN ${asOf}::date >= mi.due_date THEN 'DUE'
    WHEN ${asOf}::date >= mi.due_date - mi.due_soon_days THEN 'DUE_SOON'
    ELSE 'NOT_DUE' END`;
}

const SORTS: Record<WorklistQuery["sort"], Prisma.Sql> = {
  days: Prisma.sql`mi.due_date ASC, p.last_name, p.first_name, mi.item_key`,
  due: Prisma.sql`mi.due_date ASC, p.last_name, p.first_name, mi.item_key`,
  name: Prisma.sql`p.last_name, p.first_name, mi.due_date, mi.item_key`,
};

/**
 * Every actionable item across the clinic with what staff need to reach the patient, and no lab values:
 * one indexed query over the stored items, filtered, sorted and paginated in the database.
 */
export async function getWorklist(asOf: string, q: WorklistQuery, page?: { limit: number; offset: number }): Promise<{ rows: WorklistRow[]; total: number }> {
  const status = statusSql(asOf);
  const where = Prisma.sql`
    NOT mi.waived AND mi.completed_on IS NULL AND ${asOf}::date >= mi.due_date - mi.due_soon_days
    ${q.kind ? Prisma.sql`AND mi.kind = ${q.kind}` : Prisma.empty}
    ${q.status ? Prisma.sql`AND (${status}) = ${q.status}` : Prisma.empty}
    ${q.clinicianId ? Prisma.sql`AND p.primary_clinician_id = ${q.clinicianId}::uuid` : Prisma.empty}`;
  const [rows, [count]] = await Promise.all([
    db.$queryRaw<
      {
        patient_id: string;
        item_key: string;
        kind: ItemKind;
        label: string;
        due_date: Date;
        status: MonitoringItem["status"];
        reason: string;
        first_name: string;
        last_name: string;
        mrn: string;
        phone: string | null;
        email: string | null;
        primary_clinician_id: string | null;
        clinician: string | null;
        note: string | null;
        note_at: Date | null;
        note_by: string | null;
      }[]
    >`
      SELECT mi.patient_id, mi.item_key, mi.kind, mi.label, mi.due_date, (${status}) AS status, mi.reason,
        p.first_name, p.last_name, p.mrn, p.phone, p.email, p.primary_clinician_id, u.name AS clinician,
        o.note, o.created_at AS note_at, ou.name AS note_by
      FROM monitoring_items mi
      JOIN patients p ON p.id = mi.patient_id
      LEFT JOIN users u ON u.id = p.primary_clinician_id
      LEFT JOIN LATERAL (
        SELECT n.note, n.created_at, n.created_by_id FROM outreach_notes n
        WHERE n.patient_id = mi.patient_id AND n.item_key = mi.item_key ORDER BY n.created_at DESC LIMIT 1
      ) o ON true
      LEFT JOIN users ou ON ou.id = o.created_by_id
      WHERE ${where}
      ORDER BY ${SORTS[q.sort]}
      ${page ? Prisma.sql`LIMIT ${page.limit} OFFSET ${page.offset}` : Prisma.empty}`,
    db.$queryRaw<{ total: bigint }[]>`SELECT count(*) AS total FROM monitoring_items mi JOIN patients p ON p.id = mi.patient_id WHERE ${where}`,
  ]);
  return {
    total: Number(count!.total),
    rows: rows.map((r) => {
      const dueDate = isoFromDb(r.due_date);
      return {
        patientId: r.patient_id,
        patientName: `${r.last_name}, ${r.first_name}`,
        mrn: r.mrn,
        phone: r.phone,
        email: r.email,
        clinicianId: r.primary_clinician_id,
        clinician: r.clinician ?? "Unassigned",
        itemKey: r.item_key,
        kind: r.kind,
        item: r.label,
        dueDate,
        status: r.status,
        daysOverdue: Math.max(0, daysBetween(dueDate, asOf)),
        reason: r.reason,
        lastOutreach: r.note ? { note: r.note, at: r.note_at!.toISOString(), by: r.note_by ?? "" } : null,
      };
    }),
  };
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
    const created = await tx.monitoringWaiver.createMany({
      data: [{ patientId: input.patientId, courseId: item.courseId, itemKey: input.itemKey, reason: input.reason, waivedById: actor.id }],
      skipDuplicates: true,
    });
    if (created.count === 0) throw new ActionRefusal({ status: "error", message: "This item is already waived." });
    // Refreshed before the audit row: the audit insert takes the chain lock, held until commit.
    await refreshPatientMonitoring(tx, input.patientId);
    await writeAudit(tx, actor, {
      action: "monitoring.waive",
      entityType: "MonitoringWaiver",
      patientId: input.patientId,
      changes: { itemKey: input.itemKey, reason: input.reason },
    });
  });
}

export async function addOutreachNote(actor: AuditActor, input: { patientId: string; itemKey: string; note: string }, asOf: string) {
  const exists = await db.patient.count({ where: { id: input.patientId } });
  if (!exists) throw notFound("patient");
  await assertItem(input.patientId, input.itemKey, asOf);
  await db.$transaction(async (tx) => {
    const n = await tx.outreachNote.create({
      data: { patientId: input.patientId, itemKey: input.itemKey, note: input.note, createdById: actor.id },
      select: { id: true },
    });
    await writeAudit(tx, actor, {
      action: "monitoring.outreach",
      entityType: "OutreachNote",
      entityId: n.id,
      patientId: input.patientId,
      changes: { itemKey: input.itemKey },
    });
  });
}
