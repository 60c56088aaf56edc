import { formatDate } from "@/lib/format";
import type { DetailEdit, DetailField } from "@/lib/data/patient-detail-history";
import { INDICATION_LABELS, SEX_LABELS } from "@/lib/labels";
import type { Indication, SexAtBirth } from "@/lib/generated/prisma/enums";

const FIELD_LABELS: Record<DetailField, string> = {
  mrn: "MRN",
  firstName: "First name",
  lastName: "Last name",
  dateOfBirth: "Date of birth",
  sexAtBirth: "Sex at birth",
  phone: "Phone",
  email: "Email",
  indication: "Indication",
  doNotEmail: "Do not email",
  doNotText: "Do not text",
  doNotCall: "Do not call",
};

function shown(field: DetailField, value: string | boolean | null): string {
  if (value === null || value === "") return "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (field === "dateOfBirth") return formatDate(value);
  if (field === "sexAtBirth") return SEX_LABELS[value as SexAtBirth];
  if (field === "indication") return INDICATION_LABELS[value as Indication];
  return value;
}

/** What each earlier save of the patient's details replaced, newest first: nothing entered is lost. */
export function EarlierDetails({ edits }: { edits: DetailEdit[] }) {
  return (
    <section className="card space-y-3" aria-labelledby="earlier-details-heading" data-testid="earlier-details">
      <h2 id="earlier-details-heading" className="text-lg font-semibold">
        Earlier details
      </h2>
      {edits.length === 0 ? (
        <p className="text-sm text-slate-600">These details have not been changed since the patient was registered.</p>
      ) : (
        <table className="table">
          <thead className="bg-slate-50">
            <tr>
              <th scope="col">Changed on</th>
              <th scope="col">By</th>
              <th scope="col">Field</th>
              <th scope="col">Was</th>
              <th scope="col">Became</th>
            </tr>
          </thead>
          <tbody>
            {edits.flatMap((e) =>
              e.changes.map((c, i) => (
                <tr key={`${e.id}-${c.field}`}>
                  <td className="whitespace-nowrap">{i === 0 ? formatDate(e.replacedOn) : ""}</td>
                  <td>{i === 0 ? e.replacedBy : ""}</td>
                  <td>{FIELD_LABELS[c.field]}</td>
                  <td>{shown(c.field, c.from)}</td>
                  <td>{shown(c.field, c.to)}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}
