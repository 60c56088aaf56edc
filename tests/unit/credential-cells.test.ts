import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { CredentialRow } from "@/components/credential-cells";

// The clinic's zone, read when lib/clinic.ts is first imported.
let CredentialCells: typeof import("@/components/credential-cells").CredentialCells;
beforeAll(async () => {
  process.env.CLINIC_TIME_ZONE = "America/New_York";
  ({ CredentialCells } = await import("@/components/credential-cells"));
});

const text = (row: CredentialRow) =>
  renderToStaticMarkup(createElement("table", null, createElement("tbody", null, createElement("tr", null, createElement(CredentialCells, { row })))))
    .replace(/<br\/>/g, " ")
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;/g, "'");

describe("a system credential's times", () => {
  it("are read on the clinic's clock, as Approvals and every other page write them", () => {
    const row: CredentialRow = {
      tokenHint: "abcd",
      // 14:43 UTC is 09:43 in New York in November (EST).
      createdAt: new Date("2026-11-25T14:43:00Z"),
      createdBy: { name: "Ada Admin" },
      approvedAt: new Date("2026-11-26T02:05:00Z"),
      approvedBy: { name: "Dee Derm" },
      // Summer time: 13:00 UTC is 09:00 in New York (EDT).
      lastUsedAt: new Date("2027-07-01T13:00:00Z"),
      revokedAt: new Date("2027-07-02T03:30:00Z"),
      revokedBy: { name: "Ada Admin" },
    };
    expect(text(row)).toBe(
      "abcd…" +
        "25 Nov 2026, 09:43 by Ada Admin" +
        "Approved by Dee Derm on 25 Nov 2026, 21:05" +
        "1 Jul 2027, 09:00" +
        "Revoked 1 Jul 2027, 23:30 by Ada Admin",
    );
  });

  it("a credential never used says so", () => {
    const row: CredentialRow = {
      tokenHint: "wxyz",
      createdAt: new Date("2026-11-25T14:43:00Z"),
      createdBy: { name: "Ada Admin" },
      approvedAt: null,
      approvedBy: null,
      lastUsedAt: null,
      revokedAt: null,
      revokedBy: null,
    };
    expect(text(row)).toContain("Never");
    expect(text(row)).not.toContain("UTC");
  });
});
