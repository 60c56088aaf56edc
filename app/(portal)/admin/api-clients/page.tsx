import type { Metadata } from "next";
import Link from "@/components/link";
import { CredentialCells } from "@/components/credential-cells";
import { LeftAnswers } from "@/components/left-answer";
import { TableHead } from "@/components/table-head";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { listApiClients } from "@/lib/fhir/clients";
import { ApiClientRowForms, CreateApiClientForm } from "./api-client-forms";

export const metadata: Metadata = { title: "API clients" };

/** Systems that read the FHIR API: each with the visibility of one clinical role, its token shown once to the dermatologist who approves it. */
export default async function ApiClientsPage() {
  const user = await requirePagePermission("users.manage");
  const clients = await listApiClients(user);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">API clients</h1>
        <Link href="/admin/users" className="text-sm underline">
          Back to users
        </Link>
      </div>
      <p className="max-w-3xl text-sm text-slate-600">
        An API client reads patient records through the read-only FHIR API at <span className="font-mono">/fhir</span> with a bearer token. It sees what a user
        of its role sees in the portal: office staff clients get patients, pregnancy-prevention flags and monitoring tasks, never a lab value or a pregnancy
        test result. Every call is recorded in the audit trail.
      </p>
      <p className="max-w-3xl text-sm text-slate-600">
        So that no administrator reaches patient records alone, a client is created here without a token. The dermatologist who approves it under Approvals is
        shown its token, once, and gives it to the people who run the system. For a lost token or a rotation, ask for a new token: a dermatologist issues it the
        same way, and the old one stops working then. A declined client is revoked. Tokens issued before dermatologists held them were shown to an
        administrator: they no longer work, and each client still in service waits for a new one under Approvals.
      </p>
      {clients.length === 0 ? (
        <p className="card text-sm text-slate-600">No API clients yet. Create one below; a dermatologist approves it and hands its token to the system.</p>
      ) : (
        <div className="card overflow-x-auto p-0">
          {/* A row loses a form once it is done: the answer stays in the row (components/credential-row-forms.tsx). */}
          <LeftAnswers>
            <table className="table">
              <TableHead columns={["Name", "Role", "Token", "Created", "Approval", "Last used", "Status", "Actions"]} />
              <tbody className="divide-y divide-slate-100">
                {clients.map((c) => (
                  <tr key={c.id} data-testid="api-client-row">
                    <td className="font-medium">{c.name}</td>
                    <td>{ROLE_LABELS[c.role]}</td>
                    <CredentialCells row={c} />
                    <td>
                      <ApiClientRowForms
                        clientId={c.id}
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
      <CreateApiClientForm />
    </div>
  );
}
