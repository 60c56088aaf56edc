/** The times of a credential, in UTC to the minute. */
const utc = (d: Date | null) => (d ? `${d.toISOString().replace("T", " ").slice(0, 16)} UTC` : "Never");

export interface CredentialRow {
  tokenHint: string;
  createdAt: Date;
  createdBy: { name: string };
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** The cells every system credential's row shows (API clients, lab interfaces): token hint, created, last used, status. */
export function CredentialCells({ row }: { row: CredentialRow }) {
  return (
    <>
      <td className="font-mono text-xs">{row.tokenHint}…</td>
      <td className="text-sm">
        {utc(row.createdAt)}
        <br />
        <span className="text-slate-500">by {row.createdBy.name}</span>
      </td>
      <td className="text-sm">{utc(row.lastUsedAt)}</td>
      <td>
        {row.revokedAt ? (
          <span className="badge bg-slate-200 text-slate-700">Revoked {utc(row.revokedAt)}</span>
        ) : (
          <span className="badge bg-green-100 text-green-800">Active</span>
        )}
      </td>
    </>
  );
}
