import { describe, expect, it } from "vitest";
import type { ContraceptionRecord, PregnancyHistory } from "./index";
import { history, rulesOn } from "./examples";
import { pretreatmentChecklist, type PretreatmentChecklist } from "./pretreatment";

/*
 * The checklist's line for the contraception confirmed with the patient, worked out by hand. Today is 23 Nov
 * 2026 (the 2026 iPLEDGE modification, default settings: a confirmation at a counseling in the 30 days up to
 * the prescription, 25 Oct being day 30).
 */
const TODAY = "2026-11-23";
const since = (startDate: string, endDate: string | null = null): ContraceptionRecord => ({ id: `k-${startDate}`, method: "TWO_METHODS", startDate, endDate });
const patient = (over: Partial<PregnancyHistory> = {}) => history({ courses: [], ...over });
const checklist = (h: PregnancyHistory) => pretreatmentChecklist(h, TODAY, rulesOn())!;
const line = (c: PretreatmentChecklist, key: string) => c.lines.find((l) => l.key === key)!;

describe("the confirmation of the contraception in use, before a first prescription", () => {
  it("a confirmation counts 30 days, and only of a record still in use today", () => {
    const confirmed = (date: string, id: string) => ({ id: `n-${date}`, date, confirmedContraceptionId: id });
    const still = since("2026-01-01");
    // 25 Oct is day 30 counted back from 23 Nov; 24 Oct is day 31.
    expect(line(checklist(patient({ contraception: [still], counseling: [confirmed("2026-10-25", still.id)] })), "CONTRACEPTION_CONFIRMED")).toMatchObject({
      done: true,
      date: "2026-10-25",
    });
    const old = checklist(patient({ contraception: [still], counseling: [confirmed("2026-10-24", still.id)] }));
    expect(line(old, "CONTRACEPTION_CONFIRMED")).toMatchObject({
      done: false,
      reasons: [
        "Record counseling with the contraception confirmed with the patient: no counseling in the 30 days before this prescription " +
          "confirmed contraception in use on 23 Nov 2026 (last confirmed on 24 Oct 2026).",
      ],
    });
    // The pill and condom, confirmed on 10 Nov, replaced from 15 Nov by an IUD and condom never confirmed.
    const replaced = [since("2026-01-01", "2026-11-14"), since("2026-11-15")];
    const c = checklist(patient({ contraception: replaced, counseling: [confirmed("2026-11-10", "k-2026-01-01")] }));
    expect(line(c, "CONTRACEPTION")).toMatchObject({ done: true, date: "2026-01-01" });
    expect(line(c, "CONTRACEPTION_CONFIRMED")).toMatchObject({ done: false, date: null });
  });
});
