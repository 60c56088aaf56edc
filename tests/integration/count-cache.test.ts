import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { acknowledgeLabAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { countCacheListening } from "@/lib/data/count-cache";
import { getLabAlerts } from "@/lib/data/labs";
import { getWorklist } from "@/lib/data/monitoring";
import { getPatientWorklist } from "@/lib/data/worklist";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, altResult, asAdmin, form, makePatient, makeUser, storedItem, testDb, TODAY, until } from "./helpers";

/**
 * The dashboard's counts, kept per process: served from memory once read while the process hears the
 * database's announcements; a change to the table a count reads, made anywhere, drops it once announced; a
 * server action of this process drops them at once, so the page it renders counts its own write; without
 * the announcements nothing is kept.
 */
beforeAll(() => {
  vi.stubEnv("COUNT_CACHE_MS", "600000");
});
afterAll(() => {
  vi.unstubAllEnvs();
});

const VIEWER = { role: "DERMATOLOGIST" as const };
const critical = async () => (await getLabAlerts(VIEWER, 1)).criticalCount;

/** `work` with the table's announcement trigger off: what it writes reaches no cache but by a count read again. */
async function unannounced<T>(table: "lab_results" | "monitoring_items", work: () => Promise<T>): Promise<T> {
  await asAdmin(`ALTER TABLE ${table} DISABLE TRIGGER ${table}_notify_counts`);
  try {
    return await work();
  } finally {
    await asAdmin(`ALTER TABLE ${table} ENABLE TRIGGER ${table}_notify_counts`);
  }
}

/** A critical ALT result awaiting review, collected today; nothing announced when `silently`. */
async function criticalResult(patientId: string, enteredById: string, silently: boolean) {
  const write = () => altResult(patientId, enteredById, TODAY, "CRITICAL");
  return (silently ? await unannounced("lab_results", write) : await write()).id;
}

async function listening() {
  await critical(); // the first read starts the listener
  await until(countCacheListening, "the cache listens");
  await critical(); // kept from here on
}

describe("the dashboard's counts", () => {
  it("are served from memory once read, and dropped when a change is announced", async () => {
    const [nurse, p] = [await makeUser("NURSE"), await makePatient()];
    await listening();
    const before = await critical();
    await criticalResult(p.id, nurse.id, true);
    expect(await critical()).toBe(before); // unannounced: the count kept
    vi.stubEnv("COUNT_CACHE_MS", "0");
    expect(await critical()).toBe(before + 1); // read from the table
    vi.stubEnv("COUNT_CACHE_MS", "600000");

    await listening();
    await criticalResult(p.id, nurse.id, false);
    await until(async () => (await critical()) === before + 2, "the announced result reaches the count");
  });

  it("are dropped at once by a server action of this process", async () => {
    const [nurse, derm, p] = [await makeUser("NURSE"), await makeUser("DERMATOLOGIST"), await makePatient()];
    await listening();
    const before = await critical();
    const [reviewed] = [await criticalResult(p.id, nurse.id, true), await criticalResult(p.id, nurse.id, true)];
    expect(await critical()).toBe(before);
    actAs(derm);
    // The review announces nothing either: only the action's own drop can bring the count up to date.
    const answer = await unannounced("lab_results", () => acknowledgeLabAction(IDLE, form({ labResultId: reviewed, reviewAction: "REFERRED" })));
    expect(answer).toMatchObject({ status: "ok" });
    // One of the two is reviewed, the other counts.
    expect(await critical()).toBe(before + 1);
  });

  it("keep the worklist's totals apart by role, day, status and kind", async () => {
    const p = await makePatient();
    await listening();
    type Q = Omit<Parameters<typeof getWorklist>[2], "sort">;
    const total = async (role: "DERMATOLOGIST" | "STAFF", asOf: string, q: Q) =>
      (await getWorklist({ role }, asOf, { ...q, sort: "days" }, { limit: 1, offset: 0 })).total;
    const reviews = { kind: "PREG_REVIEW", status: "OVERDUE" } as const;
    await total("DERMATOLOGIST", TODAY, reviews);
    const before = await total("DERMATOLOGIST", TODAY, reviews);
    // A pregnancy review overdue since mid-September, another due in three days, and peak labs overdue.
    const tag = randomUUID().slice(0, 6);
    const review = (key: string, due: string) => ({ ...storedItem(p.id, key, due), kind: "PREG_REVIEW" as const, label: "Pregnancy test review" });
    await testDb().monitoringItemRow.createMany({
      data: [review(`cc-review-${tag}`, "2026-09-01"), review(`cc-soon-${tag}`, "2026-11-26"), storedItem(p.id, `cc-labs-${tag}`, "2026-09-01")],
    });
    await until(async () => (await total("DERMATOLOGIST", TODAY, reviews)) === before + 1, "the announced items reach the total");
    // Each pair: the first total kept in memory, then one that differs from it in a single input alone.
    const pair = async (first: () => Promise<number>, second: () => Promise<number>) => {
      await first();
      return [await first(), await second()] as const;
    };
    // Office staff never count a dermatologist's own item, whatever a dermatologist's count holds.
    expect(
      await pair(
        () => total("DERMATOLOGIST", TODAY, reviews),
        () => total("STAFF", TODAY, reviews),
      ),
    ).toEqual([before + 1, 0]);
    // On 10 September the review was not yet overdue (due 1 September, overdue after 14 days).
    const [today, september] = await pair(
      () => total("DERMATOLOGIST", TODAY, reviews),
      () => total("DERMATOLOGIST", "2026-09-10", reviews),
    );
    expect(september).toBeLessThan(today);
    // Every open review, the one due in three days with them, outnumbers the overdue ones.
    const [overdue, open] = await pair(
      () => total("DERMATOLOGIST", TODAY, reviews),
      () => total("DERMATOLOGIST", TODAY, { kind: "PREG_REVIEW" }),
    );
    expect(open).toBeGreaterThan(overdue);
    // Every overdue item, the peak labs with them, outnumbers the overdue reviews.
    const [ofKind, ofAll] = await pair(
      () => total("DERMATOLOGIST", TODAY, reviews),
      () => total("DERMATOLOGIST", TODAY, { status: "OVERDUE" }),
    );
    expect(ofAll).toBeGreaterThan(ofKind);
  });

  it("keep the office worklist's count of patients, in every order, until an item changes", async () => {
    const [p, q] = [await makePatient(), await makePatient()];
    await listening();
    const patients = async (sort: "due" | "name" | "mrn") => (await getPatientWorklist({ role: "STAFF" }, TODAY, { sort, dir: "asc", page: 1 }, 1)).total;
    await patients("due");
    const before = await patients("due");
    // Written with its table's announcements off: only a count read again would see it.
    await unannounced("monitoring_items", () =>
      testDb().monitoringItemRow.create({ data: storedItem(p.id, `cc-p-${randomUUID().slice(0, 6)}`, "2026-09-01") }),
    );
    expect([await patients("due"), await patients("name"), await patients("mrn")]).toEqual([before, before, before]);
    await testDb().monitoringItemRow.create({ data: storedItem(q.id, `cc-q-${randomUUID().slice(0, 6)}`, "2026-09-01") });
    await until(async () => (await patients("name")) === before + 2, "the announced item reaches the count");
  });

  it("are not kept while the process cannot hear the announcements", async () => {
    const [nurse, p] = [await makeUser("NURSE"), await makePatient()];
    await listening();
    await testDb()
      .$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'isotrack-count-cache' AND datname = current_database()`;
    await until(() => !countCacheListening(), "the cache notices the lost connection");
    const before = await critical();
    await criticalResult(p.id, nurse.id, true);
    expect(await critical()).toBe(before + 1);
  });

  it("are not kept when the setting is not a number of milliseconds", async () => {
    const [nurse, p] = [await makeUser("NURSE"), await makePatient()];
    await listening();
    vi.stubEnv("COUNT_CACHE_MS", "one minute");
    try {
      const before = await critical();
      await criticalResult(p.id, nurse.id, true);
      expect(await critical()).toBe(before + 1);
    } finally {
      vi.stubEnv("COUNT_CACHE_MS", "600000");
    }
  });
});
