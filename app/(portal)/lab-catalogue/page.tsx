import type { Metadata } from "next";
import { requirePagePermission } from "@/lib/auth/session";
import { isCataloguePregnancyTest, listCatalogue } from "@/lib/data/catalogue";
import { addedPregnancyTest } from "@/lib/data/lab-rows";
import { AddTestForm, ToggleTestForm } from "./catalogue-forms";
import { LeftAnswerHere, LeftAnswers } from "@/components/left-answer";
import { TableHead } from "@/components/table-head";
import { ANALYTE_LABELS } from "@/lib/labels";
import { retireQuestion } from "./retire-question";

type Test = Awaited<ReturnType<typeof listCatalogue>>[number];

/**
 * A test's action: Retire (asked first) or Restore. The catalogue's hCG tests are always offered (lib/data/catalogue.ts);
 * a pregnancy test added as a test of its own, once retired, is not offered again, and keeps only its answer.
 */
function TestAction({ test, name, catalogue }: { test: Test; name: string; catalogue: Test[] }) {
  if (test.active && isCataloguePregnancyTest(test)) {
    return <p className="text-xs text-slate-600">Always offered: every pregnancy test is recorded on the catalogue&apos;s hCG tests.</p>;
  }
  if (!test.active && addedPregnancyTest(test)) return <LeftAnswerHere id={test.id} />;
  return <ToggleTestForm labTestId={test.id} name={name} active={test.active} question={retireQuestion(test, catalogue)} />;
}

export const metadata: Metadata = { title: "Lab catalogue" };

export default async function LabCataloguePage() {
  await requirePagePermission("catalogue.manage");
  const tests = await listCatalogue();
  // Each button names its test; a name two tests share, with its code.
  const named = (t: Test) => (tests.filter((o) => o.name === t.name).length > 1 ? `${t.name} (${t.code})` : t.name);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Lab catalogue</h1>
      <p className="text-sm text-slate-600">
        Tests offered on the lab entry form. Results keep the code, unit and reference range in force when they were entered.
      </p>
      <div className="card overflow-x-auto p-0">
        {/* A retired or restored test moves in the table: its answer stays in its row (ToggleTestForm). */}
        <LeftAnswers>
          <table className="table" data-testid="catalogue">
            <TableHead columns={["Test", "LOINC", "Counts as", "Unit", "Reference", "Action / critical", "Status", "Action"]} />
            <tbody className="divide-y divide-slate-100">
              {tests.map((t) => (
                <tr key={t.id} className={t.active ? undefined : "text-slate-400"}>
                  <td>{t.name}</td>
                  <td className="font-mono">{t.code}</td>
                  <td>{t.analyte.startsWith("LOINC:") ? "—" : ((ANALYTE_LABELS as Record<string, string>)[t.analyte] ?? t.analyte)}</td>
                  <td>{t.unit ?? "—"}</td>
                  <td>{t.refLow !== null || t.refHigh !== null ? `${t.refLow?.toString() ?? ""}–${t.refHigh?.toString() ?? ""}` : "—"}</td>
                  <td>
                    {t.actionHigh !== null || t.criticalHigh !== null ? `${t.actionHigh?.toString() ?? "—"} / ${t.criticalHigh?.toString() ?? "—"}` : "—"}
                  </td>
                  <td>
                    {t.active ? "Offered" : "Retired"}
                    {addedPregnancyTest(t) ? (
                      <p className="text-xs text-red-700">A pregnancy test: records nothing, as the pregnancy-prevention rules read only the hCG tests.</p>
                    ) : null}
                  </td>
                  <td>
                    <TestAction test={t} name={named(t)} catalogue={tests} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </LeftAnswers>
      </div>
      <AddTestForm />
    </div>
  );
}
