import type { Metadata } from "next";
import { requirePagePermission } from "@/lib/auth/session";
import { listCatalogue } from "@/lib/data/catalogue";
import { addedPregnancyTest } from "@/lib/data/lab-rows";
import { AddTestForm, ToggleTestForm } from "./catalogue-forms";
import { TableHead } from "@/components/table-head";
import { ANALYTE_LABELS } from "@/lib/labels";

export const metadata: Metadata = { title: "Lab catalogue" };

export default async function LabCataloguePage() {
  await requirePagePermission("catalogue.manage");
  const tests = await listCatalogue();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Lab catalogue</h1>
      <p className="text-sm text-slate-600">
        Tests offered on the lab entry form. Results keep the code, unit and reference range in force when they were entered.
      </p>
      <div className="card overflow-x-auto p-0">
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
                <td>{t.actionHigh !== null || t.criticalHigh !== null ? `${t.actionHigh?.toString() ?? "—"} / ${t.criticalHigh?.toString() ?? "—"}` : "—"}</td>
                <td>
                  {t.active ? "Offered" : "Retired"}
                  {addedPregnancyTest(t) ? (
                    <p className="text-xs text-red-700">A pregnancy test: records nothing, as the pregnancy-prevention rules read only the hCG tests.</p>
                  ) : null}
                </td>
                <td>{t.active || !addedPregnancyTest(t) ? <ToggleTestForm labTestId={t.id} active={t.active} /> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <AddTestForm />
    </div>
  );
}
