import type { Metadata } from "next";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { requireSignedIn } from "@/lib/auth/session";

export const metadata: Metadata = { title: "My account" };

/** The signed-in user's own details (also the benchmark's floor: the cheapest authenticated page). */
export default async function AccountPage() {
  const user = await requireSignedIn();
  return (
    <div className="card max-w-lg space-y-1">
      <h1 className="text-xl font-semibold">My account</h1>
      <p>{user.name}</p>
      <p className="text-sm text-slate-600">
        {user.email} · {ROLE_LABELS[user.role]}
      </p>
    </div>
  );
}
