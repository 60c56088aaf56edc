import { describe, expect, it } from "vitest";
import { clinicToday } from "@/lib/clinic";
import { CLOCK_START } from "./clock";
import { makePatient, testDb, TODAY } from "./helpers";

describe("the integration tests' clock", () => {
  it("is the clinic's 23 Nov 2026 for the code under test too, and still moves forward", async () => {
    expect(TODAY).toBe("2026-11-23");
    expect(clinicToday()).toBe("2026-11-23");
    // It started at CLOCK_START when this file's tests were set up, not at the machine's time.
    expect(Date.now() - CLOCK_START.getTime()).toBeLessThan(60 * 60_000);
    // Prisma fills `created_at` from the application's clock.
    const patient = await makePatient();
    expect(patient.createdAt.toISOString().slice(0, 10)).toBe("2026-11-23");
    expect(patient.createdAt).toBeInstanceOf(Date);
    // It runs on at the real rate: timers are real, so a timeout fires and the clock has moved past it.
    const first = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2));
    expect(Date.now()).toBeGreaterThan(first);
    expect(new Date("2026-01-05T00:00:00Z").toISOString()).toBe("2026-01-05T00:00:00.000Z");
  });

  it("leaves the database's own clock alone", async () => {
    const [row] = await testDb().$queryRaw<{ behind: boolean }[]>`SELECT ${new Date()}::timestamptz <= now() AS behind`;
    // The application's clock starts early on 23 Nov 2026, never ahead of the database's real time.
    expect(row).toEqual({ behind: true });
  });
});
