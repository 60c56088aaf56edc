import { describe, expect, it } from "vitest";
import { changeRoleAction } from "@/app/(portal)/admin/users/actions";
import { approveTokenAction } from "@/app/(portal)/approvals/token-actions";
import { IDLE } from "@/lib/validation/action-result";
import { makeApiClient } from "./fhir-record";
import { actAs, form, makeUser, testDb } from "./helpers";
import { askerMadeDermatologist, decisionFields } from "./token-helpers";

/*
 * The two-person rule of system tokens refuses a dermatologist who created the client (as an administrator,
 * before taking up the role) or who asked for its new token. Such a refusal is made past the action's permission
 * (access.approve) for who the caller is, as giving oneself a setup link is: it is an attempt to reach patient
 * records alone, and is recorded as an access attempt marked as the rule's (refusals-audited.test.ts), with
 * nothing else written.
 */
const denials = (userId: string) =>
  testDb().auditEvent.findMany({ where: { action: "access.denied", actorId: userId }, select: { entityType: true, entityId: true, changes: true } });

const ATTEMPT = [{ entityType: "Action", entityId: "access.approve", changes: { refusedBy: "rule" } }];

describe("a dermatologist refused a token by the two-person rule", () => {
  it("the client's creator, now a dermatologist, approving it: refused, and the attempt recorded", async () => {
    const client = await makeApiClient("DERMATOLOGIST", { approved: false });
    actAs(await makeUser("ADMIN"));
    expect(await changeRoleAction(IDLE, form({ userId: client.admin.id, role: "DERMATOLOGIST" }))).toMatchObject({ status: "ok" });
    actAs(client.admin);
    expect(await approveTokenAction(IDLE, form({ ...(await decisionFields("API_CLIENT", client.id)) }))).toMatchObject({
      status: "error",
      message: "You created this API client: another dermatologist must approve it.",
    });
    expect((await testDb().apiClient.findUniqueOrThrow({ where: { id: client.id } })).tokenHash).toBeNull();
    expect(await denials(client.admin.id)).toEqual(ATTEMPT);
  });

  it("the one who asked for a new token, now a dermatologist, issuing it: refused, and the attempt recorded", async () => {
    const client = await makeApiClient("NURSE");
    const asker = await askerMadeDermatologist(client);
    const hash = (await testDb().apiClient.findUniqueOrThrow({ where: { id: client.id } })).tokenHash;
    expect(await approveTokenAction(IDLE, form({ ...(await decisionFields("API_CLIENT", client.id)) }))).toMatchObject({
      status: "error",
      message: "You asked for this API client's new token: another dermatologist must issue it.",
    });
    expect((await testDb().apiClient.findUniqueOrThrow({ where: { id: client.id } })).tokenHash).toBe(hash);
    expect(await denials(asker.id)).toEqual(ATTEMPT);
  });
});
