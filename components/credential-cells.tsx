import { formatClinicTime } from "@/lib/clinic-time";

/** The times of a credential on the clinic's clock, to the minute, as Approvals shows the same tokens. */
const at = (d: Date | null) => (d ? formatClinicTime(d) : "Never");

export interface CredentialRow {
  /** The current token's first characters; null while none was issued. */
  tokenHint: string | null;
  createdAt: Date;
  createdBy: { name: string };
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: { name: string } | null;
  /** Set when a dermatologist approved it, or by the migration that brought in approvals (approvedBy null). */
  approvedAt: Date | null;
  approvedBy: { name: string } | null;
  /** The dermatologist the current token was issued to; null: none issued, or one issued before (shown to an administrator, withdrawn). */
  tokenIssuedAt: Date | null;
  tokenIssuedBy: { name: string } | null;
  /** A new token asked for, waiting for a dermatologist (by null: by the migration that withdrew the tokens before). */
  tokenRequestedAt: Date | null;
  tokenRequestedBy: { name: string } | null;
}

/** Whether a dermatologist has approved it: until then it has no token. */
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

/** Who holds the current token (the dermatologist it was issued to), and a new one asked for. Never the token. */
function Token({ row }: { row: CredentialRow }) {
  const held = row.tokenIssuedAt
    ? `issued to ${row.tokenIssuedBy?.name ?? ""} on ${at(row.tokenIssuedAt)}`
    : row.tokenHint
      ? "withdrawn: it was shown to an administrator"
      : "none issued yet";
  return (
    <>
      <span className="block font-mono text-xs">{row.tokenHint ? `${row.tokenHint}…` : "—"}</span> <span className="block text-slate-500">{held}</span>
      {row.tokenRequestedAt && !row.revokedAt ? (
        <>
          {" "}
          <span className="badge bg-amber-100 text-amber-900">
            New token asked {row.tokenRequestedBy ? `by ${row.tokenRequestedBy.name} ` : ""}on {at(row.tokenRequestedAt)}: waiting for a dermatologist
          </span>
        </>
      ) : null}
    </>
  );
}

/**
 * The cells every system credential's row shows (API clients, lab interfaces): token, created, approval, last
 * used, status.
 */
export function CredentialCells({ row }: { row: CredentialRow }) {
  return (
    <>
      <td className="text-sm" data-testid="token">
        <Token row={row} />
      </td>
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
        ) : row.approvedAt && row.tokenIssuedAt ? (
          <span className="badge bg-green-100 text-green-800">Active</span>
        ) : row.approvedAt ? (
          <span className="badge bg-amber-100 text-amber-900">No working token</span>
        ) : (
          <span className="badge bg-slate-100 text-slate-700">Not active yet</span>
        )}
      </td>
    </>
  );
}
