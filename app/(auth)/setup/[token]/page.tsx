import type { Metadata } from "next";
import Link from "@/components/link";
import { AuthShell } from "@/components/auth-shell";
import { readSetupLink, SETUP_TOKEN } from "@/lib/data/setup-links";
import { ASK_FOR_A_NEW_LINK, LINK_GONE_TEXT } from "./new-link";
import { SetupForm } from "./setup-form";

// The token is in the path: never send it on to another site.
export const metadata: Metadata = { title: "Choose your password", referrer: "no-referrer" };

/** Public: a one-time setup link, where a new user (or one whose password was reset) chooses a password. */
export default async function SetupPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = SETUP_TOKEN.test(token) ? await readSetupLink(token) : ({ ok: false, reason: "unknown" } as const);
  return (
    <AuthShell title="Choose your password">
      {link.ok ? (
        <>
          <p className="text-sm text-slate-700">
            For {link.name} ({link.email}). Only you will know it: the clinic never sees it.
          </p>
          <SetupForm token={token} email={link.email} />
        </>
      ) : (
        <>
          <p className="text-sm text-slate-700" data-testid="link-gone">
            {LINK_GONE_TEXT[link.reason]} {ASK_FOR_A_NEW_LINK}
          </p>
          <Link href="/login" className="text-sm text-brand-700 underline">
            Go to sign-in
          </Link>
        </>
      )}
    </AuthShell>
  );
}
