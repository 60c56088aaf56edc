import type { Metadata } from "next";
import Link from "@/components/link";
import { TableHead } from "@/components/table-head";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { listOwnImports } from "@/lib/data/import-batches";
import { formatInstant } from "@/lib/clinic-time";
import { IMPORT_KINDS, TEMPLATES } from "@/lib/import/templates";
import { IMPORT_STATUS_LABELS } from "@/lib/admin-labels";
import { UploadImportForm } from "./import-forms";

export const metadata: Metadata = { title: "Import from a spreadsheet" };

export default async function ImportPage() {
  const user = await requirePagePermission("patients.write");
  const kinds = IMPORT_KINDS.filter((k) => can(user.role, TEMPLATES[k].permission));
  const recent = await listOwnImports(user);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Import from a spreadsheet</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Bring records over from the spreadsheets or the system the clinic used before. Download the template for what you are importing, copy your data into
          it, save it as “CSV UTF-8” and upload it. The preview lists every problem by row and column; nothing is written until the whole file is correct. Rows
          already recorded are left as they are, so importing a file twice changes nothing. Import patients before their weights, past courses and lab results.
        </p>
      </div>
      <section aria-labelledby="templates" className="card space-y-3">
        <h2 id="templates" className="text-lg font-semibold">
          Templates
        </h2>
        {kinds.map((kind) => (
          // The download beside the template's name, outside the summary that shows its columns: a control inside
          // another control is reached by neither keyboard nor screen reader as itself.
          <div key={kind} className="rounded border border-slate-200 p-3">
            <p className="font-medium">
              {TEMPLATES[kind].label} {/* A plain link: a file download, not a page the client router should fetch. */}
              <a className="link ml-2 text-sm font-normal" href={`/patients/import/template/${kind}`} download={`${kind}.csv`}>
                Download template ({kind}.csv)
              </a>
            </p>
            <details className="mt-1">
              <summary className="cursor-pointer text-sm text-slate-700">Columns of the {TEMPLATES[kind].label.toLowerCase()} template</summary>
              <table className="mt-2 w-full text-sm">
                <TableHead columns={["Column", "What it holds"]} />
                <tbody>
                  {TEMPLATES[kind].columns.map((c) => (
                    <tr key={c.name}>
                      <td className="font-mono">{c.name}</td>
                      <td>{c.meaning}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </div>
        ))}
      </section>
      <UploadImportForm kinds={kinds.map((k) => ({ value: k, label: TEMPLATES[k].label }))} />
      {recent.length ? (
        <section aria-labelledby="recent" className="card overflow-x-auto">
          <h2 id="recent" className="text-lg font-semibold">
            Your recent uploads
          </h2>
          <table className="mt-2 w-full text-sm">
            <TableHead columns={["Uploaded", "File", "Holds", "Rows", "Status"]} />
            <tbody>
              {recent.map((b) => (
                <tr key={b.id}>
                  <td>
                    <Link className="link" href={`/patients/import/${b.id}`}>
                      {formatInstant(b.createdAt)}
                    </Link>
                  </td>
                  <td>{b.fileName}</td>
                  <td>{TEMPLATES[b.kind as keyof typeof TEMPLATES]?.label ?? b.kind}</td>
                  <td>{b.rowCount}</td>
                  <td>{IMPORT_STATUS_LABELS[b.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
