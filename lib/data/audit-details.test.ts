import { describe, expect, it } from "vitest";
import { detailLines, MAX_IDS_SHOWN, withholdSecrets } from "./audit-details";

const A = "5edf0667-1b2c-4d3e-8f90-0123456789ab";
const B = "0c1d2e3f-4a5b-4c6d-8e7f-fedcba987654";

describe("an audit row's details as lines", () => {
  it("reads a role change, counts and words as labelled lines", () => {
    expect(detailLines({ role: { from: "STAFF", to: "NURSE" }, sessionsEnded: 2, credentialsEnded: true })).toEqual([
      { label: "Role", value: "STAFF → NURSE", ids: [], moreIds: 0 },
      { label: "Sessions ended", value: "2", ids: [], moreIds: 0 },
      { label: "Credentials ended", value: "yes", ids: [], moreIds: 0 },
    ]);
  });

  it("shows ids as ids, never looked up; a long list of them is cut short with a count", () => {
    expect(detailLines({ section: "dashboard", patientIds: [A, B], count: 2, filters: { part: "alerts", list: null } })).toEqual([
      { label: "Section", value: "dashboard", ids: [], moreIds: 0 },
      { label: "Patient ids", value: null, ids: [A, B], moreIds: 0 },
      { label: "Count", value: "2", ids: [], moreIds: 0 },
      { label: "Filters › Part", value: "alerts", ids: [], moreIds: 0 },
      { label: "Filters › List", value: "none", ids: [], moreIds: 0 },
    ]);
    expect(detailLines({ session: A })).toEqual([{ label: "Session", value: null, ids: [A], moreIds: 0 }]);
    const many = Array.from({ length: MAX_IDS_SHOWN + 5 }, () => A);
    expect(detailLines({ patientIds: many })).toEqual([{ label: "Patient ids", value: null, ids: many.slice(0, MAX_IDS_SHOWN), moreIds: 5 }]);
    expect(detailLines({ patientIds: [] })).toEqual([{ label: "Patient ids", value: "none", ids: [], moreIds: 0 }]);
  });

  it("names the changed fields of a clinical row, and nothing else", () => {
    expect(detailLines({ fields: ["date", "from", "reason"] })).toEqual([{ label: "Fields changed", value: "date, from, reason", ids: [], moreIds: 0 }]);
  });

  it("never shows a secret, whatever the row holds", () => {
    const lines = detailLines({ passwordHash: "$argon2id$x", token: "itk_abc", tokenHash: "ff", mfaSecret: "JBSW", nested: { recoveryCodes: ["a-b"] } });
    expect(lines.map((l) => [l.label, l.value])).toEqual([
      ["Password hash", "withheld"],
      ["Token", "withheld"],
      ["Token hash", "withheld"],
      ["Mfa secret", "withheld"],
      ["Nested › Recovery codes", "withheld"],
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/argon|itk_|JBSW|a-b/);
  });

  it("withholds the same values from the record the CSV carries, at any depth, and keeps the rest as it is", () => {
    const row = { name: "Regional HIE", tokenHint: "itk_Ab3x", clients: [{ id: A, tokenHash: "ff" }], role: { from: "STAFF", to: "NURSE" } };
    expect(withholdSecrets(row)).toEqual({
      name: "Regional HIE",
      tokenHint: "withheld",
      clients: [{ id: A, tokenHash: "withheld" }],
      role: { from: "STAFF", to: "NURSE" },
    });
    expect(withholdSecrets([{ password: "x" }, "y"])).toEqual([{ password: "withheld" }, "y"]);
    expect(detailLines([{ password: "x" }])).toEqual([{ label: "Details", value: '{"password":"withheld"}', ids: [], moreIds: 0 }]);
    expect([withholdSecrets(null), withholdSecrets("imported")]).toEqual([null, "imported"]);
  });

  it("a row without details has no lines; a bare value is one line", () => {
    expect(detailLines(null)).toEqual([]);
    expect(detailLines({})).toEqual([]);
    expect(detailLines("imported")).toEqual([{ label: "Details", value: "imported", ids: [], moreIds: 0 }]);
  });

  it("lists of records read entry by entry", () => {
    expect(detailLines({ resources: { Patient: 1, Observation: 12 }, rows: [{ kind: "LAB" }, { kind: "WEIGHT" }] })).toEqual([
      { label: "Resources › Patient", value: "1", ids: [], moreIds: 0 },
      { label: "Resources › Observation", value: "12", ids: [], moreIds: 0 },
      { label: "Rows 1 › Kind", value: "LAB", ids: [], moreIds: 0 },
      { label: "Rows 2 › Kind", value: "WEIGHT", ids: [], moreIds: 0 },
    ]);
  });
});
