import { describe, expect, it } from "vitest";
import { groupOutreachCalls, outreachChoices, type OutreachNoteRead } from "./outreach-calls";

const note = (id: string, callId: string, item: string | null, over: Partial<OutreachNoteRead> = {}): OutreachNoteRead => ({
  id,
  callId,
  at: "2026-11-20T14:00:00.000Z",
  by: "Sam Office",
  outcome: "LEFT_MESSAGE",
  note: "Left a voicemail",
  item,
  voidReason: null,
  ...over,
});

describe("groupOutreachCalls", () => {
  it("makes the notes of one call one entry, its items by label, its outcome and text once", () => {
    const calls = groupOutreachCalls([
      note("n1", "c1", "Prescription renewal"),
      note("n2", "c1", "Baseline ALT/AST"),
      note("n3", "c1", "Baseline fasting lipids"),
    ]);
    expect(calls).toEqual([
      {
        type: "call",
        id: "c1",
        at: "2026-11-20T14:00:00.000Z",
        by: "Sam Office",
        outcome: "LEFT_MESSAGE",
        note: "Left a voicemail",
        items: [
          { noteId: "n2", item: "Baseline ALT/AST", voidReason: null },
          { noteId: "n3", item: "Baseline fasting lipids", voidReason: null },
          { noteId: "n1", item: "Prescription renewal", voidReason: null },
        ],
        voided: false,
      },
    ]);
  });

  it("keeps two calls apart, even about the same item with the same words", () => {
    const calls = groupOutreachCalls([
      note("n1", "c1", "Baseline ALT/AST"),
      note("n2", "c2", "Baseline ALT/AST", { at: "2026-11-21T09:00:00.000Z", outcome: "BOOKED", note: "Booked" }),
      note("n3", "c1", "Baseline fasting lipids"),
    ]);
    expect(calls.map((c) => [c.id, c.at, c.outcome, c.note, c.items.map((i) => i.noteId)])).toEqual([
      ["c1", "2026-11-20T14:00:00.000Z", "LEFT_MESSAGE", "Left a voicemail", ["n1", "n3"]],
      ["c2", "2026-11-21T09:00:00.000Z", "BOOKED", "Booked", ["n2"]],
    ]);
  });

  it("dates a call by its earliest note, and lists an item no longer listed last", () => {
    const [call] = groupOutreachCalls([
      note("n1", "c1", null, { at: "2026-11-20T14:00:00.002Z" }),
      note("n2", "c1", "Baseline ALT/AST", { at: "2026-11-20T14:00:00.001Z" }),
    ]);
    expect(call!.at).toBe("2026-11-20T14:00:00.001Z");
    expect(call!.items.map((i) => i.item)).toEqual(["Baseline ALT/AST", null]);
  });

  it("counts a call voided only when every one of its notes is", () => {
    const partly = groupOutreachCalls([note("n1", "c1", "Baseline ALT/AST", { voidReason: "Wrong item" }), note("n2", "c1", "Baseline fasting lipids")]);
    expect(partly[0]!.voided).toBe(false);
    expect(partly[0]!.items.map((i) => i.voidReason)).toEqual(["Wrong item", null]);
    const wholly = groupOutreachCalls([
      note("n1", "c1", "Baseline ALT/AST", { voidReason: "Wrong patient" }),
      note("n2", "c1", "Baseline fasting lipids", { voidReason: "Wrong patient" }),
    ]);
    expect(wholly[0]!.voided).toBe(true);
  });

  it("gives nothing for no notes", () => {
    expect(groupOutreachCalls([])).toEqual([]);
  });
});

describe("outreachChoices", () => {
  it("offers the items due soon, due or overdue, in the order given, and none completed, waived or not yet due", () => {
    const items = [
      { key: "k-overdue", label: "Baseline ALT/AST", status: "OVERDUE" as const },
      { key: "k-notdue", label: "ALT + triglycerides at peak dose", status: "NOT_DUE" as const },
      { key: "k-due", label: "Prescription renewal", status: "DUE" as const },
      { key: "k-done", label: "Screening pregnancy tests", status: "COMPLETED" as const },
      { key: "k-soon", label: "Monthly pregnancy test", status: "DUE_SOON" as const },
      { key: "k-waived", label: "Baseline fasting lipids", status: "WAIVED" as const },
    ];
    expect(outreachChoices(items)).toEqual([
      { itemKey: "k-overdue", label: "Baseline ALT/AST" },
      { itemKey: "k-due", label: "Prescription renewal" },
      { itemKey: "k-soon", label: "Monthly pregnancy test" },
    ]);
  });
});
