import type { Metadata } from "next";
import Link from "@/components/link";
import { CredentialCells } from "@/components/credential-cells";
import { LeftAnswers } from "@/components/left-answer";
import { TableHead } from "@/components/table-head";
import { requirePagePermission } from "@/lib/auth/session";
import { listLabInterfaces } from "@/lib/hl7/interfaces";
import { CreateLabInterfaceForm, LabInterfaceRowForms } from "./lab-interface-forms";

export const metadata: Metadata = { title: "Lab interfaces" };

/** Laboratory systems that post HL7 v2 results to /hl7, each with its own token, shown once to the dermatologist who approves it. */
export default async function LabInterfacesPage() {
  const user = await requirePagePermission("users.manage");
  const interfaces = await listLabInterfaces(user);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Lab interfaces</h1>
        <Link href="/admin/users" className="text-sm underline">
          Back to users
        </Link>
      </div>
      <p className="max-w-3xl text-sm text-slate-600">
        A lab interface posts HL7 v2 ORU^R01 result messages to <span className="font-mono">/hl7</span> with a bearer token and receives an HL7 acknowledgement.
        Results are matched to patients by MRN and date of birth; anything that does not match waits in the nurses&apos; review queue. Every message is recorded
        in the audit trail, without its content.
      </p>
      <p className="max-w-3xl text-sm text-slate-600">
        So that no administrator writes into patients&apos; charts alone, an interface is created here without a token. The dermatologist who approves it under
        Approvals is shown its token, once, and gives it to the laboratory. For a lost token or a rotation, ask for a new token: a dermatologist issues it the
        same way, and the old one stops working then. A declined interface is revoked. Tokens issued before dermatologists held them were shown to an
        administrator: they no longer work, and each interface still in service waits for a new one under Approvals.
      </p>
      {interfaces.length === 0 ? (
        <p className="card text-sm text-slate-600">
          No lab interfaces yet. Create one below; a dermatologist approves it and hands its token to the laboratory.
        </p>
      ) : (
        <div className="card overflow-x-auto p-0">
          {/* A row loses a form once it is done: the answer stays in the row (components/credential-row-forms.tsx). */}
          <LeftAnswers>
            <table className="table">
              <TableHead columns={["Name", "Token", "Created", "Approval", "Last used", "Status", "Actions"]} />
              <tbody className="divide-y divide-slate-100">
                {interfaces.map((c) => (
                  <tr key={c.id} data-testid="lab-interface-row">
                    <td className="font-medium">{c.name}</td>
                    <CredentialCells row={c} />
                    <td>
                      <LabInterfaceRowForms
                        interfaceId={c.id}
                        name={c.name}
                        revoked={c.revokedAt !== null}
                        canAsk={c.approvedAt !== null && c.tokenRequestedAt === null}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </LeftAnswers>
        </div>
      )}
      <CreateLabInterfaceForm />
    </div>
  );
}
