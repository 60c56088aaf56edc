import type { Metadata } from "next";
import Link from "@/components/link";
import { CredentialCells } from "@/components/credential-cells";
import { LeftAnswers } from "@/components/left-answer";
import { TableHead } from "@/components/table-head";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { listApiClients } from "@/lib/fhir/clients";
import { CreateApiClientForm, RevokeApiClientForm } from "./api-client-forms";

export const metadata: Metadata = { title: "API clients" };

/** Systems that read the FHIR API: each with the visibility of one clinical role, its token shown once. */
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
        A new client&apos;s token works only once a dermatologist approves it, so that no administrator reaches patient records alone. Until then the API
        answers it as it answers an unknown token. A declined client is revoked.
      </p>
      {clients.length === 0 ? (
        <p className="card text-sm text-slate-600">No API clients yet. Create one below and give its token to the system that will call the API.</p>
      ) : (
        <div className="card overflow-x-auto p-0">
          {/* A revoked row loses its form: the answer stays in the row (RevokeCredentialForm). */}
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
                      <RevokeApiClientForm clientId={c.id} name={c.name} revoked={c.revokedAt !== null} />
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
