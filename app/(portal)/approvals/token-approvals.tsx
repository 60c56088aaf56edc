import { LeftAnswers } from "@/components/left-answer";
import { ROLE_AS_SOMEONE } from "@/lib/articles";
import { formatClinicTime } from "@/lib/clinic-time";
import { listTokensAwaitingApproval, type TokenAwaitingApproval } from "@/lib/data/token-approvals";
import type { Viewer } from "@/lib/data/viewer";
import { FiledList } from "@/components/filed-list";
import { TokenApprovalForms } from "./token-approval-forms";

function whatItDoes(t: TokenAwaitingApproval): string {
  return t.role
    ? `API client (FHIR): reads every patient's record as ${ROLE_AS_SOMEONE[t.role]} sees it`
    : "Lab interface (HL7): posts laboratory results into patients' charts";
}

/** Who asked for it, when, and for a new token what it replaces. */
function Asked({ t }: { t: TokenAwaitingApproval }) {
  if (t.request === "APPROVAL")
    return (
      <p className="text-slate-600" data-testid="token-asked">
        New {t.role ? "API client" : "lab interface"}, created {formatClinicTime(t.createdAt)} by {t.createdBy}. Its token is issued to you when you approve it.
      </p>
    );
  return (
    <p className="text-slate-600" data-testid="token-asked">
      New token asked {t.requestedBy ? `by ${t.requestedBy}` : "when tokens went to dermatologists only"} on {formatClinicTime(t.requestedAt)}.{" "}
      {t.currentToken
        ? `The token in service was issued to ${t.currentToken.issuedTo} on ${formatClinicTime(t.currentToken.issuedAt)}, and stops working when you issue the new one.`
        : "It has no working token: the one issued before was shown to an administrator and was withdrawn."}{" "}
      Created {formatClinicTime(t.createdAt)} by {t.createdBy}.
    </p>
  );
}

/**
 * What waits for a dermatologist's decision on system tokens (lib/data/token-approvals.ts): new API clients and lab
 * interfaces, and new tokens asked for; what each would reach, who asked and when, with Approve (or Issue new token)
 * and Decline. Never a token, but the one issued here, shown once in the answer. Decided, an entry leaves the list,
 * and the answer stays where it was, with the focus (FiledList).
 */
export async function TokenApprovals({ viewer }: { viewer: Viewer }) {
  const waiting = await listTokensAwaitingApproval(viewer);
  return (
    <section className="space-y-3" aria-labelledby="token-approvals-heading" data-testid="token-approvals">
      <h2 id="token-approvals-heading" className="text-lg font-semibold">
        System tokens waiting for approval
      </h2>
      <p className="max-w-3xl text-sm text-slate-600">
        An administrator creates the clients and interfaces other systems use, and may ask for a new token for one: API clients read patient records, lab
        interfaces post results into charts. An administrator never holds their tokens: when a dermatologist other than the creator approves one, its token is
        issued and shown once, to that dermatologist, who gives it to the people who run the system. Approve only a system the clinic has agreed to connect, and
        whose staff you can hand the token to; decline anything else.
      </p>
      {/* An approved or declined entry leaves the list: its answer, with a token issued, stays where it was (FiledList). */}
      <LeftAnswers>
        {waiting.length === 0 ? <p className="card text-sm text-slate-600">No tokens are waiting for approval.</p> : null}
        <FiledList
          className="space-y-3"
          items={waiting.map((t) => ({
            key: `${t.kind}:${t.id}`,
            ids: [t.id],
            node: (
              <li key={`${t.kind}:${t.id}`} className="card text-sm" data-testid="token-approval">
                <p className="font-medium">{t.name}</p>
                <p className="text-slate-700">{whatItDoes(t)}</p>
                <Asked t={t} />
                <TokenApprovalForms kind={t.kind} credentialId={t.id} name={t.name} request={t.request} requestedAt={t.requestedAt.toISOString()} />
              </li>
            ),
          }))}
        />
      </LeftAnswers>
    </section>
  );
}
