import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/hl7/route";
import { limitFromEnv } from "@/lib/data/rate-limits";
import { claimApiCall } from "@/lib/fhir/rate-limit";
import { claimLabMessage, HL7_RATE_LIMIT_PER_MINUTE } from "@/lib/hl7/interfaces";
import { makeApiClient } from "./fhir-record";
import { makeUser, testDb } from "./helpers";
import { makeLabInterface, oru, tg } from "./hl7-helpers";

/**
 * A lab interface may send HL7_RATE_LIMIT_PER_MINUTE messages a minute, counted on its row in PostgreSQL
 * (every server instance shares the count), as an API client's FHIR calls are. The message past the limit
 * is answered 429 with Retry-After and an AR acknowledgement (send it again later), and is neither read,
 * stored nor imported.
 */
const minuteStart = (now: Date) => new Date(Math.floor(now.getTime() / 60_000) * 60_000);
const at = (s: number) => new Date(Date.UTC(2026, 10, 23, 15, 0, s));
const THROTTLED = (limit: number) => `This interface sent more than ${limit} messages in a minute. Send it again later.`;

async function post(token: string, body: string) {
  const request = new Request("http://localhost:3000/hl7", {
    method: "POST",
    body,
    headers: { "content-type": "x-application/hl7-v2+er7", authorization: `Bearer ${token}` },
  });
  const response = await POST(request);
  const segments = (await response.text()).split("\r");
  return {
    status: response.status,
    retryAfter: response.headers.get("retry-after"),
    bodyRead: request.bodyUsed,
    msa: segments[1]!.split("|").slice(1),
    err: segments[2] ?? null,
  };
}

let admin: { id: string };
beforeAll(async () => {
  admin = await makeUser("ADMIN");
});

describe("the lab interfaces' rate limit", () => {
  it("counts messages per interface per minute and refuses the one past the limit until the next minute", async () => {
    const { interfaceId } = await makeLabInterface(admin, `Counted lab ${randomUUID().slice(0, 8)}`);
    expect(await claimLabMessage(interfaceId, at(0), 2)).toEqual({ ok: true });
    expect(await claimLabMessage(interfaceId, at(10), 2)).toEqual({ ok: true });
    expect(await claimLabMessage(interfaceId, at(45), 2)).toEqual({ ok: false, limit: 2, retryAfterSeconds: 15, first: true });
    expect(await claimLabMessage(interfaceId, at(50), 2)).toEqual({ ok: false, limit: 2, retryAfterSeconds: 10, first: false });
    expect(await claimLabMessage(interfaceId, at(60), 2)).toEqual({ ok: true });
    // Its own count: another interface, and an API client, are not charged for it.
    const other = await makeLabInterface(admin, `Other lab ${randomUUID().slice(0, 8)}`);
    expect(await claimLabMessage(other.interfaceId, at(61), 1)).toEqual({ ok: true });
    const client = await makeApiClient("NURSE");
    expect(await claimApiCall(client.id, at(62), 1)).toEqual({ ok: true });
  });

  it("gives a burst exactly the limit, however many messages arrive at once", async () => {
    const { interfaceId } = await makeLabInterface(admin, `Burst lab ${randomUUID().slice(0, 8)}`);
    const claims = await Promise.all(Array.from({ length: 8 }, () => claimLabMessage(interfaceId, at(5), 3)));
    expect(claims.filter((c) => c.ok)).toHaveLength(3);
    const row = await testDb().hl7Interface.findUniqueOrThrow({ where: { id: interfaceId } });
    expect([row.rateWindowStart, row.rateWindowCalls]).toEqual([at(0), 8]);
  });

  it("answers a message past the limit with 429, Retry-After and AR; the message is not read, stored or imported, and the refusal is audited", async () => {
    expect(HL7_RATE_LIMIT_PER_MINUTE).toBe(600);
    const { token, interfaceId } = await makeLabInterface(admin, `Busy lab ${randomUUID().slice(0, 8)}`);
    await testDb().hl7Interface.update({
      where: { id: interfaceId },
      data: { rateWindowStart: minuteStart(new Date()), rateWindowCalls: HL7_RATE_LIMIT_PER_MINUTE },
    });
    const controlId = `RL-${randomUUID().slice(0, 8)}`;
    const refused = await post(token, oru(controlId, `RL-${randomUUID().slice(0, 8)}`, [tg(120, "F")]));
    expect(refused).toMatchObject({ status: 429, bodyRead: false, msa: ["AR", "", THROTTLED(600)] });
    expect(refused.err).toBe(`ERR|||207^Application internal error^HL70357|E||||${THROTTLED(600)}`);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    expect(await testDb().hl7Message.count({ where: { controlId } })).toBe(0);
    expect(await testDb().hl7QueueEntry.count({ where: { message: { controlId } } })).toBe(0);
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { actorId: interfaceId }, orderBy: { id: "desc" } });
    expect([audit.action, audit.changes]).toEqual(["lab.message_reject", { error: THROTTLED(600), via: "INTERFACE" }]);
    // Refused again in the same minute: recorded once per minute, so a looping sender does not fill the trail.
    const rejections = () => testDb().auditEvent.count({ where: { actorId: interfaceId, action: "lab.message_reject" } });
    const before = await rejections();
    expect((await post(token, oru(controlId, `RL-${randomUUID().slice(0, 8)}`, [tg(120, "F")]))).status).toBe(429);
    expect(await rejections()).toBe(before);

    // In the next minute the same message is read and imported (it waits for review: no such MRN).
    await testDb().hl7Interface.update({ where: { id: interfaceId }, data: { rateWindowStart: new Date(minuteStart(new Date()).getTime() - 60_000) } });
    const sent = await post(token, oru(controlId, `RL-${randomUUID().slice(0, 8)}`, [tg(120, "F")]));
    expect([sent.status, sent.msa[0], sent.msa[1], sent.bodyRead]).toEqual([200, "AA", controlId, true]);
    expect(await testDb().hl7Message.count({ where: { controlId } })).toBe(1);
  });
});

describe("a rate limit from the environment", () => {
  it("is a positive whole number, else the default", () => {
    const name = "ISOTRACK_TEST_RATE_LIMIT";
    const read = (value: string | undefined) => {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
      return limitFromEnv(name, 600);
    };
    expect([read(undefined), read("120"), read(" 5 "), read("-5"), read("0"), read("1.5"), read("many"), read("")]).toEqual([
      600, 120, 5, 600, 600, 600, 600, 600,
    ]);
    delete process.env[name];
  });
});
