import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { GET as exportAudit } from "@/app/(portal)/admin/audit/export/route";
import { getAuditReport } from "@/lib/data/audit-report";
import { makeApiClient } from "./fhir-record";
import { actAs, makeUser, testDb } from "./helpers";

/*
 * The audit page never shows a value under a key that could hold a secret (a token's hint among them); the CSV
 * export of the same rows withholds the same values, whatever else it keeps of the row.
 */
describe("the audit trail's CSV withholds what its page withholds", () => {
  it("a token's approval: its hint is shown neither on the page nor in the CSV, the client's name in both", async () => {
    const client = await makeApiClient("NURSE");
    const hint = client.token.slice(0, 8);
    const approval = await testDb().auditEvent.findFirstOrThrow({ where: { action: "user.api_client_approved", entityId: client.id } });
    // Stored as it happened: the chain keeps the hint, the reader never sees it.
    expect(approval.changes).toEqual({ name: "NURSE client", tokenHint: hint });
    const admin = await makeUser("ADMIN");
    const query = `actor=${approval.actorId}&action=user.api_client_approved`;

    const page = await getAuditReport(admin, { actorId: approval.actorId!, action: "user.api_client_approved", page: 1 });
    expect(page.rows.map((r) => r.details.map((d) => [d.label, d.value]))).toEqual([
      [
        ["Name", "NURSE client"],
        ["Token hint", "withheld"],
      ],
    ]);

    actAs(admin);
    const res = await exportAudit(new Request(`http://localhost/admin/audit/export?${query}`));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(hint);
    const [header, ...rows] = Papa.parse<string[]>(text.trim()).data;
    const details = header!.indexOf("Details");
    expect(rows.map((r) => JSON.parse(r[details]!))).toEqual([{ name: "NURSE client", tokenHint: "withheld" }]);
  });
});
