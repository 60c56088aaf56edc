import { can, type Role } from "@/lib/auth/permissions";
import { getPregnancyFollowUps } from "@/lib/data/pregnancy-follow-ups";
import { confirmableContraception } from "@/lib/data/contraception-confirmation";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { categoryOn } from "@/lib/domain/pregnancy";
import { getPretreatmentChecklist } from "@/lib/data/pretreatment-checklist";
import { formatDate } from "@/lib/format";
import { DECISION_OUTCOME_LABELS, PREGNANCY_CATEGORY_LABELS } from "@/lib/labels";
import type { VoidInfo } from "@/lib/data/course-timeline";
import { PregnancyFollowUps } from "./pregnancy-follow-ups";
import { CounselingForm } from "./counseling-form";
import { CategoryForm, ContraceptionForm, DecisionForm, VoidPregnancyRecordForm } from "./pregnancy-forms";
import { PretreatmentChecklist } from "./pretreatment-checklist";
import { LeftAnswerHere, LeftAnswers } from "@/components/left-answer";

/** Where the answer of the decision form stays once its test is decided and the form has gone. */
const DECISION_ANSWER = "decision";

/** The records behind the pregnancy-prevention status, and their forms. Clinical roles only. */
export async function PregnancySection({ patientId, viewer, today }: { patientId: string; viewer: { role: Role }; today: string }) {
  const o = await getPregnancyOverview(viewer, patientId, today);
  if (!o?.clinical) return null;
  const [followUps, checklist] = await Promise.all([
    getPregnancyFollowUps(viewer, patientId, today),
    // Before a first prescription: a patient who can become pregnant with no course in progress (else null).
    o.category === "CAN_BECOME_PREGNANT" ? getPretreatmentChecklist(viewer, patientId, today) : null,
  ]);
  const c = o.clinical;
  const decide = can(viewer.role, "pregnancy.decide");
  const record = can(viewer.role, "pregnancy.record");
  return (
    <section className="space-y-3" aria-labelledby="pregnancy-heading" id="pregnancy">
      <h2 id="pregnancy-heading" className="text-xl font-semibold">
        Pregnancy prevention
      </h2>
      <LeftAnswers>
        <div className="card space-y-4">
          <p className="text-sm">
            <span className="font-semibold">{PREGNANCY_CATEGORY_LABELS[o.category]}</span> · rules in force today: {o.ruleSetName}
          </p>
          {checklist ? <PretreatmentChecklist checklist={checklist} /> : null}
          <LeftAnswerHere testId="correction-confirmation" className="mt-1" id={DECISION_ANSWER} />
          {c.undecidedTest && decide ? (
            <DecisionForm
              key={c.undecidedTest.id}
              patientId={patientId}
              labResultId={c.undecidedTest.id}
              testDate={formatDate(c.undecidedTest.specimenDate)}
              answerId={DECISION_ANSWER}
            />
          ) : null}
          {c.decisions.length ? (
            <Records title="Decisions on pregnancy tests" testId="pregnancy-decisions">
              {c.decisions.map((d) => (
                <li key={d.id}>
                  Test of {formatDate(d.testDate)}: {DECISION_OUTCOME_LABELS[d.outcome]} · {d.reason} · {d.by}, {formatDate(d.decidedOn)}
                </li>
              ))}
            </Records>
          ) : null}
          <PregnancyFollowUps patientId={patientId} confirmed={followUps} canRecord={decide} today={today} />
          {o.category === "CAN_BECOME_PREGNANT" ? (
            <Records title="Contraception" testId="contraception" empty="No contraception documented.">
              {c.contraception.map((r) => (
                <RecordItem key={r.id} id={r.id} voided={r.voided}>
                  {r.methods} · from {formatDate(r.startDate)}
                  {r.endDate ? ` to ${formatDate(r.endDate)}` : r.voided ? "" : " (in use)"} · {r.by}
                  {record && !r.voided ? <VoidPregnancyRecordForm kind="contraception" patientId={patientId} recordId={r.id} /> : null}
                </RecordItem>
              ))}
            </Records>
          ) : null}
          {o.category === "CAN_BECOME_PREGNANT" && record ? <ContraceptionForm patientId={patientId} today={today} /> : null}
          <Records title="Counseling" testId="counseling" empty="No counseling recorded.">
            {c.counseling.map((r) => (
              <RecordItem key={r.id} id={r.id} voided={r.voided}>
                {formatDate(r.counseledOn)}
                {r.confirmationNumber ? ` · confirmation ${r.confirmationNumber}` : ""}
                {confirmationText(categoryOn(c, r.counseledOn), r)} · {r.by}
                {decide && !r.voided ? <VoidPregnancyRecordForm kind="counseling" patientId={patientId} recordId={r.id} /> : null}
              </RecordItem>
            ))}
          </Records>
          {decide ? <CounselingForm patientId={patientId} today={today} contraception={confirmableContraception(o)} /> : null}
          <Records title="Category history" testId="category-history">
            {c.categoryHistory.map((h) => (
              <li key={h.id}>
                {PREGNANCY_CATEGORY_LABELS[h.category]} from {formatDate(h.effectiveFrom)} · {h.reason} · {h.by}
              </li>
            ))}
          </Records>
          {decide ? <CategoryForm patientId={patientId} current={o.category} /> : null}
        </div>
      </LeftAnswers>
    </section>
  );
}

/**
 * A counseling's confirmation of the contraception in use, asked of a patient who could become pregnant on its
 * day (`category`: hers that day; shown on any that confirmed one); a confirmed record voided since, or not in
 * use on the counseling's day, is said to be, as the confirmation then counts for nothing.
 */
export const confirmationText = (category: string, r: { confirmedMethods: string | null; confirmedVoided: boolean; confirmedNotInUse: boolean }) =>
  r.confirmedMethods
    ? ` · contraception confirmed: ${r.confirmedMethods}${confirmationVoidText(r)}`
    : category === "CAN_BECOME_PREGNANT"
      ? " · contraception not confirmed"
      : "";

const confirmationVoidText = (r: { confirmedVoided: boolean; confirmedNotInUse: boolean }) =>
  r.confirmedVoided ? " (that record was since marked as entered in error)" : r.confirmedNotInUse ? " (that record was not in use on that day)" : "";

/** One record; voided, struck through with who voided it, when and why (it counts for nothing), and the void's answer. */
function RecordItem({ id, voided, children }: { id: string; voided: VoidInfo | null; children: React.ReactNode }) {
  if (!voided) return <li>{children}</li>;
  return (
    <li data-voided="true">
      <del>{children}</del>
      <div className="text-xs text-slate-600" data-testid="voided">
        Entered in error: {voided.reason} ({voided.by}, {formatDate(voided.on)})
      </div>
      <LeftAnswerHere testId="correction-confirmation" className="mt-1" id={id} />
    </li>
  );
}

function Records({ title, testId, empty, children }: { title: string; testId: string; empty?: string; children: React.ReactNode[] }) {
  return (
    <div>
      <h3 className="text-sm font-semibold text-slate-700">{title}</h3>
      {children.length ? (
        <ul className="mt-1 space-y-1 text-sm" data-testid={testId}>
          {children}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">{empty}</p>
      )}
    </div>
  );
}
