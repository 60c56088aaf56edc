import type { Metadata } from "next";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { listUsers } from "@/lib/data/users";
import { UnlockSignInForm } from "./unlock-form";
import { CreateUserForm, UserRowActions } from "./user-forms";
import { TableHead } from "@/components/table-head";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requirePagePermission("users.manage");
  const users = await listUsers();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Users</h1>
      <div className="card overflow-x-auto p-0">
        <table className="table">
          <TableHead columns={["Name", "Email", "Role", "Status", "Actions"]} />
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
                <td>
                  {u.id === me.id ? (
                    <span className="text-slate-500">You</span>
                  ) : (
                    <>
                      <UserRowActions userId={u.id} role={u.role} disabled={u.disabled} name={u.name} />
                      <UnlockSignInForm userId={u.id} name={u.name} />
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CreateUserForm />
    </div>
  );
}
