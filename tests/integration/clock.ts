/**
 * The integration tests' one clock. "Today" in the clinic is 23 Nov 2026 (America/New_York) whatever the
 * machine's date, so expected dates can be written out by hand and the dated rules (the iPLEDGE
 * modification in force since 8 Aug 2026) always apply the same way.
 */
export const TODAY = "2026-11-23";
export const CLINIC_TIME_ZONE = "America/New_York";

/**
 * 01:00 in New York on TODAY. The clock runs on from there at the real rate, so a run never reaches the
 * next day, rows created one after another keep distinct, ordered timestamps, and the clock stays behind
 * the database's own now() (audit rows' occurred_at) on any real date from this one on.
 */
export const CLOCK_START = new Date("2026-11-23T06:00:00.000Z");

const installed = Symbol.for("isotrack.integration-clock");

/**
 * Makes `new Date()` and `Date.now()` start at CLOCK_START, for the tests and the code under test alike.
 * Only Date moves: timers, sockets and performance.now() keep the real clock, so the database driver and
 * its pool behave as in production. Dates the real constructor builds are the same objects (one
 * prototype), so `instanceof Date` holds for both.
 */
export function installClinicClock() {
  const global = globalThis as typeof globalThis & { [installed]?: true };
  if (global[installed]) return;
  const RealDate = Date;
  const offsetMs = CLOCK_START.getTime() - RealDate.now();
  const now = () => RealDate.now() + offsetMs;
  function ClinicDate(this: unknown, ...args: unknown[]) {
    if (!new.target) return new RealDate(now()).toString();
    return Reflect.construct(RealDate, args.length ? args : [now()], new.target) as Date;
  }
  Object.setPrototypeOf(ClinicDate, RealDate);
  ClinicDate.prototype = RealDate.prototype;
  ClinicDate.now = now;
  global.Date = ClinicDate as unknown as DateConstructor;
  global[installed] = true;
}
