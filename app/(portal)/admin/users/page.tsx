import type { Metadata } from "next";
import Link from "@/components/link";
import { ROLE_LABELS, type Role } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { mfaRequiredRoles } from "@/lib/data/security-policy";
import { listUsers, USER_SORTS, type UserSort } from "@/lib/data/users";
import { UserRowActions } from "./row-actions";
import { passwordStatus } from "./sign-in-status";
import { CreateUserForm, MfaPolicyForm } from "./user-forms";
import { SortableTableHead, SortLinks, type SortableColumn } from "@/components/sortable-table-head";
import { parseSort } from "@/lib/validation/sort";

export const metadata: Metadata = { title: "Users" };

const sortable = (key: UserSort) => ({ key, first: USER_SORTS[key] });
/** Below md (a phone), the name's cell also says what the columns left off say, and the actions keep their room. */
const WIDE = "max-md:hidden";
const COLUMNS: SortableColumn<UserSort>[] = [
  { label: "Name", sort: sortable("name") },
  { label: "Email", sort: sortable("email"), className: WIDE },
  { label: "Role", sort: sortable("role"), className: WIDE },
  { label: "Status", sort: sortable("status"), className: WIDE },
  { label: "Sign-in", className: WIDE },
  { label: "Actions" },
];

type Row = Awaited<ReturnType<typeof listUsers>>[number];

const StatusBadge = ({ disabled }: { disabled: boolean }) =>
  disabled ? <span className="badge bg-slate-200 text-slate-700">Disabled</span> : <span className="badge bg-green-100 text-green-800">Active</span>;

/** The account's password, second factor and locked sign-in, one line each. */
function SignIn({ u, required }: { u: Row; required: Role[] }) {
  const password = passwordStatus(u);
  return (
    <>
      <span className="block">{password.waiting ? <span className="badge bg-amber-100 text-amber-900">{password.text}</span> : password.text}</span>
      <span className="block">
        {u.mfaEnrolled ? (
          "Two-step on"
        ) : required.includes(u.role) ? (
          <span className="badge bg-amber-100 text-amber-900">Two-step required</span>
        ) : (
          "Two-step off"
        )}
      </span>
      {u.signInLocked && !u.disabled ? (
        <span className="block">
          <span className="badge bg-red-100 text-red-800">Sign-in locked</span>
        </span>
      ) : null}
    </>
  );
}

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
      {/* On a phone the columns left off are not in the table's header: their orders are here. */}
      <SortLinks columns={COLUMNS} current={sort} basePath="/admin/users" params={{}} className="md:hidden" />
      <div className="card relative overflow-x-auto p-0">
        <table className="table">
          <SortableTableHead columns={COLUMNS} current={sort} basePath="/admin/users" params={{}} />
          <tbody className="divide-y divide-slate-100">
            {users.map((u) => (
              <tr key={u.id}>
                <td className="font-medium max-md:max-w-36">
                  {u.name}
                  <div className="space-y-1 text-sm font-normal md:hidden">
                    <span className="block break-all text-slate-600">{u.email}</span>
                    <span className="block">
                      <span>{ROLE_LABELS[u.role]}</span> <StatusBadge disabled={u.disabled} />
                    </span>
                    <SignIn u={u} required={required} />
                  </div>
                </td>
                <td className={WIDE}>{u.email}</td>
                <td className={WIDE}>{ROLE_LABELS[u.role]}</td>
                <td className={WIDE}>
                  <StatusBadge disabled={u.disabled} />
                </td>
                <td className={`text-sm ${WIDE}`}>
                  <SignIn u={u} required={required} />
                </td>
                <td>{u.id === me.id ? <span className="text-slate-500">You</span> : <UserRowActions user={u} />}</td>
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
