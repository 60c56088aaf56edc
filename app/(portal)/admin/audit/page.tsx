import type { Metadata } from "next";
import { z } from "zod";
import { Pagination } from "@/components/pagination";
import { requirePagePermission } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { writeAudit } from "@/lib/data/audit";
import { getAuditReport, verifyAuditChain, type ChainReport } from "@/lib/data/audit-report";
import { isoDate, uuid } from "@/lib/validation/common";
import { TableHead } from "@/components/table-head";

export const metadata: Metadata = { title: "Audit trail" };

const filtersSchema = z.object({
  from: isoDate.optional().catch(undefined),
  to: isoDate.optional().catch(undefined),
  actor: uuid.optional().catch(undefined),
  patient: uuid.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  verify: z.literal("1").optional().catch(undefined),
});

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("audit.read");
  const f = filtersSchema.parse(await searchParams);
  const [report, chain] = await Promise.all([
    getAuditReport(user, { from: f.from, to: f.to, actorId: f.actor, patientId: f.patient, page: f.page }),
    f.verify ? verifyAuditChain() : Promise.resolve(null),
  ]);
  // Reading the audit trail is itself recorded.
  await db.$transaction((tx) =>
    writeAudit(tx, user, {
      action: "audit.view",
      entityType: "AuditEvent",
      changes: { from: f.from ?? null, to: f.to ?? null, actor: f.actor ?? null, patient: f.patient ?? null },
    }),
  );
  const params = { from: f.from, to: f.to, actor: f.actor, patient: f.patient };
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Audit trail</h1>
      <form className="card flex flex-wrap items-end gap-3" action="/admin/audit">
        <div>
          <label className="label" htmlFor="from">
            From (UTC)
          </label>
          <input className="input" type="date" id="from" name="from" defaultValue={f.from} />
        </div>
        <div>
          <label className="label" htmlFor="to">
            To (UTC)
          </label>
          <input className="input" type="date" id="to" name="to" defaultValue={f.to} />
        </div>
        <div>
          <label className="label" htmlFor="actor">
            User
          </label>
          <select className="input" id="actor" name="actor" defaultValue={f.actor ?? ""}>
            <option value="">Anyone</option>
            {report.users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="patient">
            Patient id
          </label>
          <input className="input w-80 font-mono" id="patient" name="patient" defaultValue={f.patient} />
        </div>
        <button className="btn-primary" type="submit">
          Filter
        </button>
        <button className="btn-secondary" type="submit" name="verify" value="1">
          Verify hash chain
        </button>
      </form>
      {chain ? <ChainStatus chain={chain} /> : null}
      <p className="text-sm text-slate-600">{report.total} events</p>
      <div className="card overflow-x-auto p-0">
        <table className="table" data-testid="audit-table">
          <TableHead columns={["#", "Time (UTC)", "User", "Action", "Record", "Patient", "Details"]} />
          <tbody className="divide-y divide-slate-100">
            {report.rows.map((r) => (
              <tr key={r.id}>
                <td className="font-mono text-xs">{r.id}</td>
                <td className="whitespace-nowrap">{r.occurredAt.toISOString().replace("T", " ").slice(0, 19)}</td>
                <td>
                  {r.actorName} {r.actorRole ? <span className="text-xs text-slate-500">({r.actorRole.toLowerCase()})</span> : null}
                </td>
                <td className="font-mono text-xs">{r.action}</td>
                <td className="text-xs">
                  {r.entityType} <span className="font-mono text-slate-500">{r.entityId?.slice(0, 8)}</span>
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
                <td className="max-w-md truncate font-mono text-xs" title={r.changes ? JSON.stringify(r.changes) : ""}>
                  {r.changes ? JSON.stringify(r.changes) : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={f.page} pageCount={report.pageCount} params={params} basePath="/admin/audit" />
    </div>
  );
}

/** The verification's verdict: the first altered event, a removed tail, or an intact chain. */
function ChainStatus({ chain }: { chain: ChainReport }) {
  const problems = [
    chain.brokenAt ? `The chain is broken at event ${chain.brokenAt}: the trail has been altered.` : null,
    chain.truncated
      ? `The newest events have been removed: a checkpoint records event ${chain.truncated.checkpointId}, but the trail ends at event ${chain.truncated.headId}.`
      : null,
    chain.badCheckpoints ? `${chain.badCheckpoints} checkpoint(s) fail their signature: the checkpoint file has been altered.` : null,
  ].filter((p): p is string => p !== null);
  return (
    <p
      className={`rounded-md px-3 py-2 text-sm ${problems.length ? "bg-red-50 text-red-800" : "bg-green-50 text-green-800"}`}
      role="status"
      data-testid="chain-status"
    >
      {problems.length ? problems.join(" ") : `Hash chain intact over ${chain.checked} events, and it reaches the latest checkpoint.`}
    </p>
  );
}
