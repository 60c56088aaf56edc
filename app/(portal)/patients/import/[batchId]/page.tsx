import type { Metadata } from "next";
import Link from "@/components/link";
import { notFound } from "next/navigation";
import { TableHead } from "@/components/table-head";
import { requirePagePermission } from "@/lib/auth/session";
import { formatInstant } from "@/lib/clinic-time";
import { getImportPreview } from "@/lib/data/import-batches";
import type { ImportStep } from "@/lib/data/import-plan";
import type { CellProblem } from "@/lib/import/csv-file";
import { formatCount, formatDate, formatKg, formatMg } from "@/lib/format";
import { describeLab, importedMessage } from "@/lib/import/summary";
import { TEMPLATES } from "@/lib/import/templates";
import { IMPORT_STATUS_LABELS } from "@/lib/admin-labels";
import { uuid } from "@/lib/validation/common";
import { CommitImportForm } from "../import-forms";

export const metadata: Metadata = { title: "Import preview" };

const SHOWN = 200;

function describeStep(step: ImportStep): string {
  if (step.kind === "patients") return `${step.input.lastName}, ${step.input.firstName} · born ${formatDate(step.input.dateOfBirth)}`;
  if (step.kind === "weights") return `${formatKg(step.input.weightGrams)} on ${formatDate(step.input.measuredOn)}`;
  if (step.kind === "labs") return describeLab(step.input);
  const c = step.input;
  const doses = c.totalMg !== null ? `${formatMg(c.totalMg)} in all` : formatCount(c.periods.length, "dose period");
  return `Course ${formatDate(c.startDate)} to ${formatDate(c.endDate)} · ${doses} · ${formatKg(c.weightGrams)}`;
}

/** A section of messages about cells, by row and column as the spreadsheet numbers them: the first SHOWN of them. */
function CellSection(props: { id: string; title: string; tone?: string; intro: string; cells: CellProblem[]; heading: string; testId: string }) {
  const { id, title, tone = "", intro, cells, heading, testId } = props;
  return (
    <section aria-labelledby={id} className="card space-y-2">
      <h2 id={id} className={`text-lg font-semibold ${tone}`.trim()}>
        {title}
      </h2>
      <p className="text-sm">{intro}</p>
      <table className="w-full text-sm" data-testid={testId}>
        <TableHead columns={["Row", "Column", heading]} />
        <tbody>
          {cells.slice(0, SHOWN).map((c, i) => (
            <tr key={i}>
              <td>{c.row}</td>
              <td className="font-mono">{c.column}</td>
              <td>{c.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {cells.length > SHOWN ? <p className="text-sm">The first {SHOWN} are shown.</p> : null}
    </section>
  );
}

const mrnOf = (step: ImportStep) => (step.kind === "courses" || step.kind === "labs" ? step.mrn : step.input.mrn);

export default async function ImportPreviewPage({ params }: { params: Promise<{ batchId: string }> }) {
  const user = await requirePagePermission("patients.write");
  const id = uuid.safeParse((await params).batchId);
  if (!id.success) notFound();
  const preview = await getImportPreview(user, id.data);
  if (!preview) notFound();
  const { plan } = preview;
  const ready = preview.status === "PREVIEWED" && !plan.fileProblem && plan.problems.length === 0;
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link className="link" href="/patients/import">
          ← Import from a spreadsheet
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">Import preview: {TEMPLATES[preview.kind].label.toLowerCase()}</h1>
      <dl className="card grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium">File</dt>
        <dd>{preview.fileName || "(unnamed)"}</dd>
        <dt className="font-medium">Uploaded</dt>
        <dd>{formatInstant(preview.createdAt)}</dd>
        <dt className="font-medium">Rows</dt>
        <dd>{formatCount(plan.rowCount, "row", "rows")}</dd>
        <dt className="font-medium">Status</dt>
        <dd data-testid="import-status">{IMPORT_STATUS_LABELS[preview.status]}</dd>
      </dl>
      {preview.status === "IMPORTED" && preview.importedAt ? (
        <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800" data-testid="import-done" role="status">
          {importedMessage(preview.importedCount ?? 0, preview.skippedCount ?? 0)} ({formatInstant(preview.importedAt)})
        </p>
      ) : null}
      {preview.importedBefore && preview.status === "PREVIEWED" ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          This same file was imported on {formatInstant(preview.importedBefore)}. Its rows already recorded are left as they are.
        </p>
      ) : null}
      {plan.problems.length ? (
        <CellSection
          id="problems"
          title={`${formatCount(plan.problems.length, "problem", "problems")}: nothing will be imported`}
          tone="text-red-800"
          intro="Correct these in the spreadsheet, save it as CSV UTF-8 and upload it again. Row numbers are as your spreadsheet shows them."
          cells={plan.problems}
          heading="Problem"
          testId="import-problems"
        />
      ) : null}
      {plan.warnings.length && preview.status === "PREVIEWED" ? (
        <CellSection
          id="warnings"
          title={`${formatCount(plan.warnings.length, "unusual value", "unusual values")} to confirm`}
          tone="text-amber-900"
          intro="Possible but unusual: check each against the laboratory's report. The import asks you to confirm them."
          cells={plan.warnings}
          heading="Check"
          testId="import-warnings"
        />
      ) : null}
      {plan.notes.length && preview.status === "PREVIEWED" ? (
        <CellSection
          id="notes"
          title={`${formatCount(plan.notes.length, "row", "rows")} already recorded, with a note`}
          intro="These rows are left as they are."
          cells={plan.notes}
          heading="Note"
          testId="import-notes"
        />
      ) : null}
      {ready ? (
        <section aria-labelledby="ready" className="card space-y-2">
          <h2 id="ready" className="text-lg font-semibold">
            Every row is correct
          </h2>
          <p className="text-sm" data-testid="import-plan">
            {formatCount(plan.steps.length, "new row", "new rows")} to import; {formatCount(plan.present, "row is", "rows are")} already recorded and will be
            left as they are.
          </p>
          {plan.steps.length ? (
            <>
              <table className="w-full text-sm">
                <TableHead columns={["Row", "MRN", "Will record"]} />
                <tbody>
                  {plan.steps.slice(0, SHOWN).map((s) => (
                    <tr key={s.row}>
                      <td>{s.row}</td>
                      <td>{mrnOf(s)}</td>
                      <td>{describeStep(s)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <CommitImportForm
                batchId={preview.id}
                label={`Import ${formatCount(plan.steps.length, "row", "rows")}`}
                warnings={plan.warnings.length}
                confirmation={preview.confirmation}
              />
            </>
          ) : (
            <p className="text-sm">Nothing to import.</p>
          )}
        </section>
      ) : null}
    </div>
  );
}
