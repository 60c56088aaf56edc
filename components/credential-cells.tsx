import { formatClinicTime } from "@/lib/clinic-time";

/** The times of a credential on the clinic's clock, to the minute, as Approvals shows the same tokens. */
const at = (d: Date | null) => (d ? formatClinicTime(d) : "Never");

export interface CredentialRow {
  tokenHint: string;
  createdAt: Date;
  createdBy: { name: string };
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: { name: string } | null;
  /** Set when a dermatologist approved it, or by the migration that brought in approvals (approvedBy null). */
  approvedAt: Date | null;
  approvedBy: { name: string } | null;
}

/** Whether a dermatologist has approved the token: until then it is refused as an unknown token is. */
function Approval({ row }: { row: CredentialRow }) {
  if (row.approvedAt && row.approvedBy)
    return (
      <>
        Approved by {row.approvedBy.name}
        <br />
        <span className="text-slate-500">on {at(row.approvedAt)}</span>
      </>
    );
  if (row.approvedAt) return <>In service before approvals were required</>;
  if (row.revokedAt) return <>Never approved</>;
  return <span className="badge bg-amber-100 text-amber-900">Waiting for a dermatologist&apos;s approval</span>;
}

/**
 * The cells every system credential's row shows (API clients, lab interfaces): token hint, created,
 * approval, last used, status.
 */
export function CredentialCells({ row }: { row: CredentialRow }) {
  return (
    <>
      <td className="font-mono text-xs">{row.tokenHint}…</td>
      <td className="text-sm">
        {at(row.createdAt)}
        <br />
        <span className="text-slate-500">by {row.createdBy.name}</span>
      </td>
      <td className="text-sm" data-testid="approval">
        <Approval row={row} />
      </td>
      <td className="text-sm">{at(row.lastUsedAt)}</td>
      <td>
        {row.revokedAt ? (
          <span className="badge bg-slate-200 text-slate-700">
            Revoked {at(row.revokedAt)}
            {row.revokedBy ? ` by ${row.revokedBy.name}` : ""}
          </span>
        ) : row.approvedAt ? (
          <span className="badge bg-green-100 text-green-800">Active</span>
        ) : (
          <span className="badge bg-slate-100 text-slate-700">Not active yet</span>
        )}
      </td>
    </>
  );
}
