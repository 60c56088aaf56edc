import { describe, expect, it } from "vitest";
import { requestApiClientTokenAction } from "@/app/(portal)/admin/api-clients/actions";
import { approveTokenAction, declineTokenAction } from "@/app/(portal)/approvals/token-actions";
import { listTokensAwaitingApproval } from "@/lib/data/token-approvals";
import { IDLE } from "@/lib/validation/action-result";
import { fhirGet, makeApiClient } from "./fhir-record";
import { actAs, countRows, form, makeUser, testDb } from "./helpers";
import { approveAsDermatologist } from "./token-helpers";

/*
 * A dermatologist's approval (or decline) is of the request the page showed: an administrator asking for a new token
 * while the confirmation is open, after another dermatologist decided the request shown, does not make that
 * confirmation issue (or decline) the new token. The form carries when the request it shows was asked for; the
 * write refuses, changing nothing, once the client's request is another.
 */
const db = () => testDb();
const STALE =
  "The request shown for this API client was decided since the page was shown, and a new token was asked for after it: nothing was done. Reload the page to decide on the new request.";
const clientRow = (id: string) =>
  db().apiClient.findUniqueOrThrow({ where: { id }, select: { tokenHash: true, tokenIssuedById: true, tokenRequestedAt: true, approvedAt: true } });

/** The approval form's fields as the Approvals page shows them to a dermatologist now. */
async function shownForm(clientId: string): Promise<Record<string, string>> {
  const shown = (await listTokensAwaitingApproval({ role: "DERMATOLOGIST" })).find((t) => t.id === clientId);
  if (!shown) throw new Error("Nothing waits for this client.");
  return { kind: shown.kind, credentialId: shown.id, requestedAt: shown.requestedAt.toISOString() };
}

async function askForNewToken(admin: { id: string }, clientId: string) {
  actAs(admin);
  expect(await requestApiClientTokenAction(IDLE, form({ clientId }))).toMatchObject({ status: "ok" });
}

describe("an approval confirmed on a page shown before the request changed", () => {
  it("a new token asked for while the confirmation of the one before was open is not issued by it; the token in service keeps working", async () => {
    const client = await makeApiClient("NURSE");
    await askForNewToken(client.admin, client.id);
    // Dermatologist B opens the confirmation of this request…
    const late = await makeUser("DERMATOLOGIST");
    const opened = await shownForm(client.id);
    // …another dermatologist issues it, and the administrator asks for a new token again.
    const { token: inService, dermatologist: issuer } = await approveAsDermatologist("API_CLIENT", client.id, null);
    await askForNewToken(client.admin, client.id);
    const before = [await clientRow(client.id), await countRows()];

    actAs(late);
    expect(await approveTokenAction(IDLE, form(opened))).toMatchObject({ status: "error", message: STALE });
    expect(await declineTokenAction(IDLE, form({ ...opened, reason: "Not asked for by its staff" }))).toMatchObject({ status: "error", message: STALE });
    expect([await clientRow(client.id), await countRows()]).toEqual(before);
    expect((await clientRow(client.id)).tokenIssuedById).toBe(issuer.id);
    expect((await fhirGet("Patient?identifier=NOBODY", inService)).status).toBe(200);

    // Reloaded, the page shows the new request, which this dermatologist may issue.
    const issued = await approveTokenAction(IDLE, form(await shownForm(client.id)));
    expect(issued).toMatchObject({ status: "ok" });
    expect((await fhirGet("Patient?identifier=NOBODY", inService)).status).toBe(401);
  });

  it("an approval of a new client, confirmed after another dermatologist approved it and a new token was asked for, issues nothing", async () => {
    const client = await makeApiClient("STAFF", { approved: false });
    const late = await makeUser("DERMATOLOGIST");
    const opened = await shownForm(client.id);
    const { token: inService } = await approveAsDermatologist("API_CLIENT", client.id, null);
    await askForNewToken(client.admin, client.id);
    const before = [await clientRow(client.id), await countRows()];

    actAs(late);
    expect(await approveTokenAction(IDLE, form(opened))).toMatchObject({ status: "error", message: STALE });
    expect([await clientRow(client.id), await countRows()]).toEqual(before);
    expect((await fhirGet("Patient?identifier=NOBODY", inService)).status).toBe(200);
  });

  it("a form that does not say which request it decides, or says it in no valid way, is refused with a clear sentence and changes nothing", async () => {
    const client = await makeApiClient("NURSE", { approved: false });
    actAs(await makeUser("DERMATOLOGIST"));
    const before = [await clientRow(client.id), await countRows()];
    const opened = await shownForm(client.id);
    for (const requestedAt of [undefined, "", "yesterday", "2027-02-30T10:00:00.000Z", "9".repeat(200)]) {
      const { requestedAt: _shown, ...rest } = opened;
      const sent = requestedAt === undefined ? rest : { ...rest, requestedAt };
      expect(await approveTokenAction(IDLE, form(sent))).toMatchObject({
        status: "error",
        message: "This form does not say which request it decides: reload the page and try again.",
      });
    }
    // Another instant than the request's (a form made up, or of an earlier request) is not that request.
    const other = new Date(new Date(opened.requestedAt!).getTime() - 1).toISOString();
    expect(await approveTokenAction(IDLE, form({ ...opened, requestedAt: other }))).toMatchObject({
      status: "error",
      message: "This API client changed meanwhile. Reload the page.",
    });
    expect([await clientRow(client.id), await countRows()]).toEqual(before);
  });
});
