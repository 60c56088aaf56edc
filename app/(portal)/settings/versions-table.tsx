import { TableHead } from "@/components/table-head";
import { clinicToday } from "@/lib/clinic";
import { formatDate } from "@/lib/format";
import { flatten, SETTINGS, type SettingsKind } from "@/lib/validation/settings";
import type { SettingsField } from "./settings-forms";
import { versionChanges, type SettingChange } from "./setting-shown";

interface Version {
  id: string;
  version: number;
  effectiveFrom: string;
  createdAt: Date;
  createdBy: string;
  /** Its settings as the form has them; null when the schema of stored versions does not read it. */
  settings: Record<string, string> | null;
}

/** What a version sets: each field it changes from the version before it, or from the cited defaults for the first. */
function Changes({ changes, against }: { changes: SettingChange[] | null; against: string }) {
  if (changes === null) return <span className="text-slate-600">Its settings cannot be read.</span>;
  if (changes.length === 0) return <span className="text-slate-600">The same settings as {against}.</span>;
  return (
    <>
      <span className="sr-only">Changed from {against}: </span>
      <ul className="space-y-0.5">
        {changes.map((c) => (
          <li key={c.label}>
            {c.label}: {c.from} → <strong>{c.to}</strong>
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * A kind's versions, newest first: when each takes effect, who saved it, and what it sets, as its differences
 * from the version before it (a scheduled version's too, before its day comes).
 */
export function VersionsTable({ kind, fields, versions, today }: { kind: SettingsKind; fields: SettingsField[]; versions: Version[]; today: string }) {
  const defaults = flatten(SETTINGS[kind].defaults);
  const rows = versions.map((v, i) => {
    const before = versions.slice(i + 1).find((b) => b.settings !== null);
    const against = before ? `version ${before.version}` : "the cited defaults";
    const changes = v.settings === null ? null : versionChanges(fields, before?.settings ?? defaults, v.settings);
    return { v, against, changes };
  });
  return (
    <details>
      <summary className="cursor-pointer text-sm font-semibold text-brand-700">Versions ({versions.length})</summary>
      {versions.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">No version saved yet: the cited defaults are in force.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="table mt-2" data-testid={`versions-${kind}`}>
            <TableHead columns={["Version", "Takes effect", "Sets", "Saved by", "Saved on"]} />
            <tbody className="divide-y divide-slate-100">
              {rows.map(({ v, against, changes }) => (
                <tr key={v.id}>
                  <td>{v.version}</td>
                  <td className="whitespace-nowrap">
                    {formatDate(v.effectiveFrom)}
                    {v.effectiveFrom > today ? <span className="badge ml-2 bg-amber-100 text-amber-900">scheduled</span> : null}
                  </td>
                  <td className="text-sm">
                    <Changes changes={changes} against={against} />
                  </td>
                  <td>{v.createdBy}</td>
                  <td className="whitespace-nowrap">{formatDate(clinicToday(v.createdAt))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}
