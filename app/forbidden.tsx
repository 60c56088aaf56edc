import { headers } from "next/headers";
import Link from "@/components/link";
import { PATH_HEADER } from "@/lib/auth/next-path";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { getCurrentUser } from "@/lib/auth/session";

const TITLE = "Not available for your role";

/**
 * Who may open a page is the role's (lib/auth/permissions.ts), and the reader is told what that means for
 * them: an administrator has no clinical access, by design; access to patient data is given by a
 * dermatologist (the setup link of such an account); the administration pages are administrators'.
 */
async function why(): Promise<string> {
  const user = await getCurrentUser();
  if (!user) return "Your account does not have access to this page.";
  if (user.role === "ADMIN")
    return "Administrators have no access to patient records or the clinic's clinical pages, by design: they manage accounts, the audit trail and background jobs.";
  const path = (await headers()).get(PATH_HEADER) ?? "";
  if (/^\/admin(\/|\?|$)/.test(path)) return "This page is for administrators: they manage accounts, the audit trail and background jobs.";
  return `This page is not part of the ${ROLE_LABELS[user.role]} role. Clinical access is given by a dermatologist: ask one at your clinic if your work needs it.`;
}

export default async function Forbidden() {
  return (
    <main className="mx-auto max-w-lg px-4 py-16 text-center">
      {/* The tab names the refusal, not the page refused: Next keeps that page's metadata here (a metadata
          export of this file is not used), and React places this title ahead of it in the head. */}
      <title>{`${TITLE} · Isotrack`}</title>
      <h1 className="text-xl font-semibold">{TITLE}</h1>
      <p className="mt-2 text-slate-600" data-testid="forbidden-why">
        {await why()}
      </p>
      <Link href="/" className="btn-secondary mt-6">
        Go to your home page
      </Link>
    </main>
  );
}
