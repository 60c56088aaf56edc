import { renderToStaticMarkup } from "react-dom/server";
import { expect, it } from "vitest";
import { PregnancyFollowUps } from "@/app/(portal)/patients/[patientId]/_components/pregnancy-follow-ups";
import { getPregnancyFollowUps, recordPregnancyFollowUp } from "@/lib/data/pregnancy-follow-ups";
import { addDays } from "@/lib/domain/dates";
import { confirmedPregnancy } from "./confirmed-pregnancy-fixture";
import { CLINICIAN, TODAY } from "./helpers";

/**
 * The pregnancy section lists a confirmed pregnancy's follow-ups. One completed more than 30 days ago is listed,
 * with its records, under a summary of its own, a click away, as the monitoring section lists the items closed
 * then; the open ones and those completed since stay listed. Pregnancy confirmed today (23 Nov 2026), the
 * referral done today, the report to the REMS program 20 days later.
 */
const REFERRAL = "Refer to an obstetrician experienced in reproductive toxicity";
const REPORT = "Report the pregnancy to the REMS program (iPLEDGE)";

/** The section's follow-ups as the page renders them on a day: the listed ones, the records listed, the summary of older ones. */
async function rendered(patientId: string, asOf: string) {
  const confirmed = await getPregnancyFollowUps(CLINICIAN, patientId, asOf);
  const html = renderToStaticMarkup(PregnancyFollowUps({ patientId, confirmed, canRecord: true, today: asOf }));
  const listed = [...html.matchAll(/<li data-testid="follow-up" data-status="(\w+)">.*?<\/span>([^<·]+) · /g)].map((m) => [m[1], m[2]!.trim()]);
  const records = /data-testid="follow-up-records">(.*?)<\/ul>/.exec(html)?.[1] ?? "";
  return {
    listed,
    records: [REFERRAL, REPORT].filter((label) => records.includes(`${label}: done on`)),
    older: /Completed more than 30 days ago \(\d+\)/.exec(html)?.[0] ?? null,
  };
}

it("lists a follow-up completed more than 30 days ago a click away; the open one and one completed since stay listed", async () => {
  const { derm, p, decision } = await confirmedPregnancy();
  await recordPregnancyFollowUp(
    { id: derm.id, role: "DERMATOLOGIST" },
    { patientId: p.id, decisionId: decision.id, kind: "OBSTETRIC_REFERRAL", doneOn: TODAY },
    TODAY,
  );

  // Done 30 days ago: still listed.
  expect(await rendered(p.id, addDays(TODAY, 30))).toEqual({
    listed: [
      ["COMPLETED", REFERRAL],
      ["OVERDUE", REPORT],
    ],
    records: [REFERRAL],
    older: null,
  });
  // Done 31 days ago: under its own summary with its record; the report, still open, listed.
  expect(await rendered(p.id, addDays(TODAY, 31))).toEqual({ listed: [["OVERDUE", REPORT]], records: [], older: "Completed more than 30 days ago (1)" });

  // The report done 20 days after the decision: listed, as completed, until 30 days after that.
  const reportedOn = addDays(TODAY, 20);
  await recordPregnancyFollowUp(
    { id: derm.id, role: "DERMATOLOGIST" },
    { patientId: p.id, decisionId: decision.id, kind: "REMS_REPORT", doneOn: reportedOn },
    reportedOn,
  );
  expect(await rendered(p.id, addDays(TODAY, 50))).toEqual({
    listed: [["COMPLETED", REPORT]],
    records: [REPORT],
    older: "Completed more than 30 days ago (1)",
  });
  expect(await rendered(p.id, addDays(TODAY, 51))).toEqual({ listed: [], records: [], older: "Completed more than 30 days ago (2)" });
});
