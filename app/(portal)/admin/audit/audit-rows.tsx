import { formatInstant } from "@/lib/clinic-time";
import type { getAuditReport } from "@/lib/data/audit-report";
import { AuditDetailLines } from "./audit-detail-lines";

type AuditRow = Awaited<ReturnType<typeof getAuditReport>>["rows"][number];

/** Record types shown in words where the trail names them. */
const RECORD_TYPES: Partial<Record<string, string>> = { ApiClient: "API client", Hl7Interface: "Lab interface" };

/**
 * One row of the trail: the action by its label with its code beneath (a group read under its neutral label has
 * no code to show), the record with the name of the person or system it acted on, and the details as lines.
 */
export function AuditRowCells({ r }: { r: AuditRow }) {
  return (
    <tr>
      <td className="font-mono text-xs">{r.id}</td>
      <td className="whitespace-nowrap">
        <time dateTime={r.occurredAt.toISOString()}>{formatInstant(r.occurredAt)}</time>
      </td>
      <td>
        {r.actorName} {r.actorRole ? <span className="text-xs text-slate-500">({r.actorRole.toLowerCase()})</span> : null}
      </td>
      <td>
        {r.label}
        {r.action !== r.label ? <span className="block font-mono text-xs text-slate-500">{r.action}</span> : null}
      </td>
      <td className="text-xs">
        {RECORD_TYPES[r.entityType] ?? r.entityType}
        {r.subject ? <span className="font-medium"> {r.subject}</span> : null}{" "}
        <span className="font-mono text-slate-500" title={r.entityId ?? undefined}>
          {r.entityId?.slice(0, 8)}
        </span>
      </td>
      <td className="text-xs">
        {r.patient ? (
          <>
            {r.patient.name} <span className="font-mono text-slate-500">{r.patient.mrn}</span>
          </>
        ) : r.patientId ? (
          <span className="font-mono">{r.patientId.slice(0, 8)}</span>
        ) : (
          "—"
        )}
      </td>
      <td className="max-w-md text-xs">
        <AuditDetailLines lines={r.details} />
      </td>
    </tr>
  );
}
