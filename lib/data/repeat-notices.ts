import "server-only";
import { clinicToday, isoFromDb } from "@/lib/clinic";
import { db } from "@/lib/db";
import { repeatLabel } from "@/lib/domain/monitoring/repeat";
import { repeatNoticeText } from "@/lib/domain/monitoring/repeat-notice";
import { conflict, notFound } from "@/lib/errors";
import { QUALITATIVE_RESULT_LABELS } from "@/lib/labels";
import { writeAudit, type AuditActor } from "./audit";
import { num } from "./lab-rows";
import { assertCan, type Viewer } from "./viewer";

/*
 * Notices of open repeat tests that stopped being listed when no dermatologist saw it happen (recorded in the
 * correction's or void's transaction: noticeOpenRequests, lib/data/repeat-corrections.ts). Dermatologists read
 * them on the dashboard and acknowledge them; an acknowledged notice stays on file with who and when.
 */

/**
 * The notices no dermatologist has acknowledged yet, the oldest first, at most `limit` (`more`: there are others).
 * One query, on the partial index of open notices (lab_repeat_notices_open_idx), its relations joined in it.
 */
export async function listRepeatNotices(viewer: Viewer, limit: number) {
  assertCan(viewer, "labs.acknowledge");
  const rows = await db.labRepeatNotice.findMany({
    where: { acknowledgedAt: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit + 1,
    select: {
      id: true,
      patientId: true,
      cause: true,
      createdAt: true,
      patient: { select: { firstName: true, lastName: true } },
      // The result the repeat was asked for after: its label, and who voided it (by hand) and why.
      request: {
        select: {
          labResult: {
            select: { analyte: true, specimenDate: true, voidReason: true, voidedBy: { select: { name: true } }, labTest: { select: { name: true } } },
          },
        },
      },
      correction: { select: { valueNumeric: true, valueQualitative: true, unit: true } },
    },
  });
  const shown = rows.slice(0, limit).map((n) => {
    const r = n.request.labResult;
    const c = n.correction;
    const value = c
      ? c.valueQualitative
        ? QUALITATIVE_RESULT_LABELS[c.valueQualitative].toLowerCase()
        : `${num(c.valueNumeric)} ${c.unit ?? ""}`.trim()
      : null;
    const text = repeatNoticeText({
      label: repeatLabel({ analyte: r.analyte, testName: r.labTest.name, specimenDate: isoFromDb(r.specimenDate) }),
      cause: n.cause,
      on: clinicToday(n.createdAt),
      by: r.voidedBy?.name ?? null,
      value,
      reason: n.cause === "VOID" ? r.voidReason : null,
    });
    return { id: n.id, patientId: n.patientId, patientName: `${n.patient.lastName}, ${n.patient.firstName}`, text };
  });
  return { rows: shown, more: rows.length > limit };
}

/**
 * A dermatologist acknowledges a notice: it leaves the dashboard, kept with who acknowledged it and when, in one
 * transaction with its audit row. One already acknowledged (by another dermatologist meanwhile) changes nothing.
 */
export async function acknowledgeRepeatNotice(actor: AuditActor, noticeId: string) {
  assertCan(actor, "labs.acknowledge");
  await db.$transaction(async (tx) => {
    const notice = await tx.labRepeatNotice.findUnique({ where: { id: noticeId }, select: { patientId: true, requestId: true } });
    if (!notice) throw notFound("notice");
    const done = await tx.labRepeatNotice.updateMany({
      where: { id: noticeId, acknowledgedAt: null },
      data: { acknowledgedAt: new Date(), acknowledgedById: actor.id },
    });
    if (done.count !== 1) throw conflict("This notice was already acknowledged.");
    await writeAudit(tx, actor, {
      action: "lab.repeat_notice_acknowledge",
      entityType: "LabRepeatNotice",
      entityId: noticeId,
      patientId: notice.patientId,
      changes: { repeatRequest: notice.requestId },
    });
  });
}
