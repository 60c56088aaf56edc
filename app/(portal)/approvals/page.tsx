import type { Metadata } from "next";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { clinicToday } from "@/lib/clinic";
import { formatClinicTime } from "@/lib/clinic-time";
import { listAccountsAwaitingSetup, type AccessRequest } from "@/lib/data/account-approvals";
import { formatDate } from "@/lib/format";
import { GiveSetupLinkForm } from "./account-forms";
import { TokenApprovals } from "./token-approvals";

export const metadata: Metadata = { title: "Approvals" };

/** Who asked for the account's access, when, and for what: a role change names the role before and after. */
function Requested({ request, fallback }: { request: AccessRequest | null; fallback: string }) {
  if (!request) return <p className="text-slate-600">{fallback} No record says who asked: ask an administrator before giving the link.</p>;
  const by = request.by ? `by ${request.by}` : "from the command line";
  const when = formatClinicTime(request.at);
  const text =
    request.action === "CREATED"
      ? `New ${request.toRole ? ROLE_LABELS[request.toRole].toLowerCase() : ""} account, created ${by} on ${when}.`
      : request.action === "ROLE_CHANGED" && request.fromRole && request.toRole
        ? `Role changed from ${ROLE_LABELS[request.fromRole]} to ${ROLE_LABELS[request.toRole]} ${by} on ${when}.`
        : `Password reset ${by} on ${when}.`;
  return (
    <p className={request.action === "ROLE_CHANGED" ? "font-semibold text-amber-900" : "text-slate-600"} data-testid="account-request">
      {text}
    </p>
  );
}

/**
 * The dermatologist's half of the two-person rule (README, "Security"): an administrator makes accounts and
 * tokens, and access to patient data begins only here. Accounts that see patient data wait for their setup
 * link, which the dermatologist gives to the user in person; system tokens wait for approval.
 */
export default async function ApprovalsPage() {
  const user = await requirePagePermission("access.approve");
  const accounts = await listAccountsAwaitingSetup(user);
  const day = (instant: Date) => formatDate(clinicToday(instant));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Approvals</h1>
      <p className="max-w-3xl text-sm text-slate-600">
        An administrator creates accounts and tokens, but cannot give anyone access to patient data alone. Check that each request is for someone who works here
        in that role (a role change says the role before and after, and who changed it), then give the setup link to that person yourself, or ask an
        administrator to disable an account nobody asked for.
      </p>
      <section aria-labelledby="accounts-heading" className="space-y-3">
        <h2 id="accounts-heading" className="text-lg font-semibold">
          Accounts waiting for their setup link
        </h2>
        {accounts.length === 0 ? (
          <p className="card text-slate-600">No account is waiting.</p>
        ) : (
          <ul className="space-y-3" data-testid="accounts-waiting">
            {accounts.map((a) => (
              <li key={a.id} className="card grid gap-3 text-sm md:grid-cols-2" data-testid="account-waiting">
                <div>
                  <p className="font-semibold">
                    {a.name} · {ROLE_LABELS[a.role]}
                  </p>
                  <p>{a.email}</p>
                  <Requested
                    request={a.request}
                    fallback={a.kind === "NEW" ? `New account, created ${day(a.createdAt)}.` : `Password reset or role changed ${day(a.updatedAt)}.`}
                  />
                  {a.openLink ? (
                    <p className="text-slate-600">
                      Link given by {a.openLink.givenBy} on {day(a.openLink.givenAt)}; it works until {day(a.openLink.expiresAt)}.
                    </p>
                  ) : null}
                </div>
                <GiveSetupLinkForm userId={a.id} name={a.name} role={a.role} again={a.openLink !== null} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <TokenApprovals viewer={user} />
    </div>
  );
}
