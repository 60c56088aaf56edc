import type { Metadata } from "next";
import Link from "@/components/link";
import QRCode from "qrcode";
import { totpUri } from "@/lib/auth/mfa";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { requireSignedIn, type CurrentUser } from "@/lib/auth/session";
import { beginEnrollment, recoveryCodesLeft } from "@/lib/data/second-factor";
import { mfaRequiredFor } from "@/lib/data/security-policy";
import { ChangePasswordForm, EnrollSecondFactorForm, RecoveryCodesForm, RemoveSecondFactorForm, SignOutOthersForm } from "./account-forms";

export const metadata: Metadata = { title: "My account" };

/** The signed-in user's own details, password, second factor and sessions (also the benchmark's floor). */
export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireSignedIn();
  const settingUp = (await searchParams).setup === "two-step" && !user.mfaEnrolled;
  return (
    <div className="max-w-lg space-y-6">
      <div className="card space-y-1">
        <h1 className="text-xl font-semibold">My account</h1>
        <p>{user.name}</p>
        <p className="text-sm text-slate-600">
          {user.email} · {ROLE_LABELS[user.role]}
        </p>
      </div>
      <section className="card space-y-3" aria-labelledby="two-step">
        <h2 id="two-step" className="text-lg font-semibold">
          Two-step sign-in
        </h2>
        {user.mfaEnrolled ? (
          <SecondFactorOn userId={user.id} role={user.role} />
        ) : settingUp ? (
          <Enrollment user={user} />
        ) : (
          <>
            <p className="text-sm text-slate-700">Off. With it on, signing in also needs a code from your phone.</p>
            <Link href="/account?setup=two-step" className="btn-primary inline-block">
              Set up two-step sign-in
            </Link>
          </>
        )}
      </section>
      <section className="card space-y-3" aria-labelledby="password">
        <h2 id="password" className="text-lg font-semibold">
          Password
        </h2>
        <ChangePasswordForm email={user.email} />
      </section>
      <section className="card space-y-3" aria-labelledby="sessions">
        <h2 id="sessions" className="text-lg font-semibold">
          Sessions
        </h2>
        <p className="text-sm text-slate-700">A session ends after 30 minutes without use and 12 hours after sign-in.</p>
        <SignOutOthersForm />
      </section>
    </div>
  );
}

async function Enrollment({ user }: { user: CurrentUser }) {
  const { secret, pending } = beginEnrollment(user, user.sessionId);
  const qr = await QRCode.toDataURL(totpUri(secret, user.email), { margin: 1, width: 180 });
  return <EnrollSecondFactorForm qr={qr} secret={secret} pending={pending} />;
}

async function SecondFactorOn({ userId, role }: { userId: string; role: "DERMATOLOGIST" | "NURSE" | "STAFF" | "ADMIN" }) {
  const [left, required] = await Promise.all([recoveryCodesLeft(userId), mfaRequiredFor(role)]);
  return (
    <>
      <p className="text-sm text-slate-700">
        On. {left === 1 ? "1 recovery code" : `${left} recovery codes`} left.{required ? " Your clinic requires it for your role." : ""}
      </p>
      <RecoveryCodesForm />
      {required ? null : <RemoveSecondFactorForm />}
    </>
  );
}
