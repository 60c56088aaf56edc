import { LeftAnswers } from "@/components/left-answer";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { formatClinicTime } from "@/lib/clinic-time";
import { listTokensAwaitingApproval, type TokenAwaitingApproval } from "@/lib/data/token-approvals";
import type { Viewer } from "@/lib/data/viewer";
import { FiledList } from "@/components/filed-list";
import { TokenApprovalForms } from "./token-approval-forms";

function whatItDoes(t: TokenAwaitingApproval): string {
  return t.role
    ? `API client (FHIR): reads every patient's record as a ${ROLE_LABELS[t.role].toLowerCase()} sees it`
    : "Lab interface (HL7): posts laboratory results into patients' charts";
}

/**
 * The system tokens administrators created that wait for a dermatologist (lib/data/token-approvals.ts):
 * what each would reach, who created it and when, with Approve and Decline. Never the token itself. Approved or
 * declined, a token leaves the list, and the answer stays where it was, with the focus (FiledList).
 */
export async function TokenApprovals({ viewer }: { viewer: Viewer }) {
  const waiting = await listTokensAwaitingApproval(viewer);
  return (
    <section className="space-y-3" aria-labelledby="token-approvals-heading" data-testid="token-approvals">
      <h2 id="token-approvals-heading" className="text-lg font-semibold">
        System tokens waiting for approval
      </h2>
      <p className="max-w-3xl text-sm text-slate-600">
        An administrator creates the tokens other systems use: API clients read patient records, lab interfaces post results into charts. A token works only
        once a dermatologist other than its creator approves it. Approve only a system the clinic has agreed to connect; decline anything else.
      </p>
      {/* An approved or declined token leaves the list: its answer stays where it was (FiledList). */}
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
                <p className="text-slate-500">
                  Created {formatClinicTime(t.createdAt)} by {t.createdBy}
                </p>
                <TokenApprovalForms kind={t.kind} credentialId={t.id} name={t.name} />
              </li>
            ),
          }))}
        />
      </LeftAnswers>
    </section>
  );
}
