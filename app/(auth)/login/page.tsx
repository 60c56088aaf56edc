import type { Metadata } from "next";
import { redirect } from "next/navigation";
import QRCode from "qrcode";
import { totpUri } from "@/lib/auth/mfa";
import { safeNextPath } from "@/lib/auth/next-path";
import { getSession } from "@/lib/auth/session";
import { homePathFor } from "@/lib/auth/permissions";
import { AuthShell } from "@/components/auth-shell";
import { beginEnrollment } from "@/lib/data/second-factor";
import { LoginForm } from "./login-form";
import { EnrollForm, SecondFactorForm } from "./second-factor-forms";

export const metadata: Metadata = { title: "Sign in" };

/** Sign-in in up to two steps: the password, then the second factor (or its set-up where the clinic requires one). */
export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await getSession();
  const query = await searchParams;
  const passwordSet = query.password === "set";
  const next = safeNextPath(query.next);
  if (session?.stage === "ACTIVE") redirect(next ?? homePathFor(session.user.role));
  let step: React.ReactNode;
  let title = "Sign in";
  if (session?.stage === "MFA") {
    title = "Two-step sign-in";
    step = <SecondFactorForm next={next} />;
  } else if (session?.stage === "ENROLL") {
    title = "Set up two-step sign-in";
    const { secret, pending } = beginEnrollment(session.user);
    const qr = await QRCode.toDataURL(totpUri(secret, session.user.email), { margin: 1, width: 180 });
    step = (
      <>
        <p className="mb-3 text-sm text-slate-700">Your clinic requires a second step at sign-in for your role. It takes a minute.</p>
        <EnrollForm qr={qr} secret={secret} pending={pending} next={next} />
      </>
    );
  } else {
    step = (
      <>
        {passwordSet ? (
          <p className="mb-3 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800" role="status">
            Your password is set. Sign in with it.
          </p>
        ) : null}
        <LoginForm next={next} />
      </>
    );
  }
  return (
    <AuthShell title={title} footer={<p className="mt-4 text-center text-xs text-slate-500">Protected health information. Access is logged.</p>}>
      {step}
    </AuthShell>
  );
}
