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
      tokenIssuedAt: new Date("2026-11-26T02:05:00Z"),
      tokenIssuedBy: { name: "Dee Derm" },
      // EDT again: 16:15 UTC is 12:15 in New York.
      tokenRequestedAt: new Date("2027-06-30T16:15:00Z"),
      tokenRequestedBy: { name: "Ada Admin" },
      // Summer time: 13:00 UTC is 09:00 in New York (EDT).
      lastUsedAt: new Date("2027-07-01T13:00:00Z"),
      revokedAt: new Date("2027-07-02T03:30:00Z"),
      revokedBy: { name: "Ada Admin" },
    };
    expect(text(row)).toBe(
      "abcd… issued to Dee Derm on 25 Nov 2026, 21:05" +
        // A revoked credential's request is not waiting any more.
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
      tokenIssuedAt: null,
      tokenIssuedBy: null,
      tokenRequestedAt: null,
      tokenRequestedBy: null,
      lastUsedAt: null,
      revokedAt: null,
      revokedBy: null,
    };
    expect(text(row)).toContain("Never");
    expect(text(row)).not.toContain("UTC");
  });

  it("says who holds the token, a withdrawn one, and a new one asked for with its time on the clinic's clock", () => {
    const base = {
      createdAt: new Date("2026-11-25T14:43:00Z"),
      createdBy: { name: "Ada Admin" },
      approvedAt: new Date("2026-11-26T02:05:00Z"),
      approvedBy: null,
      lastUsedAt: null,
      revokedAt: null,
      revokedBy: null,
      tokenIssuedBy: null,
      tokenRequestedBy: null,
    };
    const waiting: CredentialRow = { ...base, approvedAt: null, tokenHint: null, tokenIssuedAt: null, tokenRequestedAt: null };
    expect(text(waiting)).toMatch(/^— none issued yet25 Nov 2026, 09:43 by Ada AdminWaiting for a dermatologist's approvalNeverNot active yet$/);
    // Issued before tokens went to dermatologists: withdrawn, a new one asked for by the migration (no one).
    const withdrawn: CredentialRow = { ...base, tokenHint: "itk_Ab3x", tokenIssuedAt: null, tokenRequestedAt: new Date("2027-02-02T15:00:00Z") };
    expect(text(withdrawn)).toBe(
      "itk_Ab3x… withdrawn: it was shown to an administrator New token asked on 2 Feb 2027, 10:00: waiting for a dermatologist" +
        "25 Nov 2026, 09:43 by Ada Admin" +
        "In service before approvals were required" +
        "Never" +
        "No working token",
    );
  });
});
