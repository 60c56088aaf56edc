import type { Metadata } from "next";
import Link from "@/components/link";
import { ROLE_LABELS, seesPatientData } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { mfaRequiredRoles } from "@/lib/data/security-policy";
import { listUsers, USER_SORTS, type UserSort } from "@/lib/data/users";
import { UnlockSignInForm } from "./unlock-form";
import { CreateUserForm, CredentialActions, MfaPolicyForm, UserRowActions } from "./user-forms";
import { SortableTableHead, type SortableColumn } from "@/components/sortable-table-head";
import { parseSort } from "@/lib/validation/sort";

export const metadata: Metadata = { title: "Users" };

const sortable = (key: UserSort) => ({ key, first: USER_SORTS[key] });
const COLUMNS: SortableColumn<UserSort>[] = [
  { label: "Name", sort: sortable("name") },
  { label: "Email", sort: sortable("email") },
  { label: "Role", sort: sortable("role") },
  { label: "Status", sort: sortable("status") },
  { label: "Sign-in" },
  { label: "Actions" },
];

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await requirePagePermission("users.manage");
  const sort = parseSort(await searchParams, USER_SORTS, "status");
  const [users, required] = await Promise.all([listUsers(me, sort), mfaRequiredRoles()]);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Users</h1>
        <span className="flex gap-4">
          <Link href="/admin/api-clients" className="text-sm underline">
            API clients (FHIR API access)
          </Link>
          <Link href="/admin/lab-interfaces" className="text-sm underline">
            Lab interfaces (HL7 results)
          </Link>
        </span>
      </div>
      <div className="card relative overflow-x-auto p-0">
        <table className="table">
          <SortableTableHead columns={COLUMNS} current={sort} basePath="/admin/users" params={{}} />
          <tbody className="divide-y divide-slate-100">
            {users.map((u) => (
              <tr key={u.id}>
                <td className="font-medium">{u.name}</td>
                <td>{u.email}</td>
                <td>{ROLE_LABELS[u.role]}</td>
                <td>
                  {u.disabled ? (
                    <span className="badge bg-slate-200 text-slate-700">Disabled</span>
                  ) : (
                    <span className="badge bg-green-100 text-green-800">Active</span>
                  )}
                </td>
                <td className="text-sm">
                  {u.passwordSet ? (
                    "Password set"
                  ) : (
                    <span className="badge bg-amber-100 text-amber-900">
                      {seesPatientData(u.role) ? "Awaiting a dermatologist's setup link" : "Awaiting setup link"}
                    </span>
                  )}
                  <br />
                  {u.mfaEnrolled ? (
                    "Two-step on"
                  ) : required.includes(u.role) ? (
                    <span className="badge bg-amber-100 text-amber-900">Two-step required</span>
                  ) : (
                    "Two-step off"
                  )}
                </td>
                <td>
                  {u.id === me.id ? (
                    <span className="text-slate-500">You</span>
                  ) : (
                    <>
                      <UserRowActions userId={u.id} role={u.role} disabled={u.disabled} name={u.name} />
                      {/* A disabled account can neither sign in nor use a setup link: it is enabled first (its role may change meanwhile). */}
                      {u.disabled ? null : (
                        <>
                          <UnlockSignInForm userId={u.id} name={u.name} />
                          <CredentialActions userId={u.id} name={u.name} mfaEnrolled={u.mfaEnrolled} />
                        </>
                      )}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CreateUserForm />
      <MfaPolicyForm required={required} />
    </div>
  );
}
