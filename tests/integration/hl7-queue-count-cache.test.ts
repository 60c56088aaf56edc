import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { countCacheListening } from "@/lib/data/count-cache";
import { countHl7Queue } from "@/lib/data/hl7-queue";
import { importHl7File } from "@/lib/data/import-hl7";
import { oru, tg } from "./hl7-helpers";
import { asAdmin, makeUser, TODAY, until } from "./helpers";

/**
 * The lab-review queue's count beside its link in the navigation, kept per process like the dashboard's
 * counts: served from memory once read while the process hears the database's announcements, and dropped
 * when a change to the queue is announced, whoever made it.
 */
beforeAll(() => {
  vi.stubEnv("COUNT_CACHE_MS", "600000");
});
afterAll(() => {
  vi.unstubAllEnvs();
});

const NURSE = { role: "NURSE" as const };

/** One result for an MRN no patient has: it waits in the queue (UNMATCHED). */
async function queueOne(uploaderId: string, controlId: string) {
  const out = await importHl7File({ kind: "UPLOAD", user: { id: uploaderId, role: "NURSE" } }, oru(controlId, `NOBODY-${controlId}`, [tg(120, "F")]), TODAY);
  expect(out.error).toBeNull();
}

describe("the lab-review queue's count", () => {
  it("is served from memory once read, and follows an announced change to the queue", async () => {
    const nurse = await makeUser("NURSE");
    await countHl7Queue(NURSE); // the first read starts the listener
    await until(countCacheListening, "the cache listens");
    const before = await countHl7Queue(NURSE);

    // Written with the queue's announcement off: the count kept in memory does not see it.
    await asAdmin("ALTER TABLE hl7_queue_entries DISABLE TRIGGER hl7_queue_entries_notify_counts");
    try {
      await queueOne(nurse.id, `QC1-${Date.now()}`);
    } finally {
      await asAdmin("ALTER TABLE hl7_queue_entries ENABLE TRIGGER hl7_queue_entries_notify_counts");
    }
    expect(await countHl7Queue(NURSE)).toBe(before);
    vi.stubEnv("COUNT_CACHE_MS", "0");
    expect(await countHl7Queue(NURSE)).toBe(before + 1); // read from the table
    vi.stubEnv("COUNT_CACHE_MS", "600000");

    // Announced: every process drops the count, and the next read counts the new entry.
    await countHl7Queue(NURSE);
    await queueOne(nurse.id, `QC2-${Date.now()}`);
    await until(async () => (await countHl7Queue(NURSE)) === before + 2, "the announced entry reaches the count");
  });

  it("is not read for roles without the queue", async () => {
    expect(await countHl7Queue({ role: "STAFF" })).toBe(0);
    expect(await countHl7Queue({ role: "ADMIN" })).toBe(0);
  });
});
