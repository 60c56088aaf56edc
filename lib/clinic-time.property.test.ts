import fc from "fast-check";
import { expect, it } from "vitest";
import { dayStartInZone } from "./clinic-time";

/**
 * The start of a calendar day in a zone is the first instant whose local date is that day: at it the zone's
 * clock reads the day, one millisecond before it the day before, and no earlier instant reads the day (where
 * midnight comes twice). A day the zone skipped altogether begins when the next one does. Checked in every
 * zone the runtime knows, on any day and, above all, on the days around the zone's clock changes.
 */
const ZONES = Intl.supportedValuesOf("timeZone");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const WALL = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;
const formats = new Map<string, Intl.DateTimeFormat>();
function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) formats.set(timeZone, (f = new Intl.DateTimeFormat("en-US", { timeZone, ...WALL })));
  return f;
}
/** The zone's wall clock at an instant, as "YYYY-MM-DD" and that minute written as if in UTC. */
function wall(at: number, timeZone: string): { date: string; clock: number } {
  const parts = format(timeZone).formatToParts(new Date(at));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, clock: Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!) };
}
const dateIn = (at: number, timeZone: string) => wall(at, timeZone).date;
const shift = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString().slice(0, 10);

/** The instants, at a half day's resolution, after which the zone's offset differs in a year. */
function changesIn(year: number, timeZone: string): number[] {
  const changes: number[] = [];
  let offset: number | undefined;
  for (let at = Date.UTC(year, 0, 1); at < Date.UTC(year + 1, 0, 1); at += 12 * HOUR) {
    const now = wall(at, timeZone).clock - at;
    if (offset !== undefined && now !== offset) changes.push(at);
    offset = now;
  }
  return changes;
}

const anyDay = fc.integer({ min: Date.UTC(1970, 0, 1) / DAY, max: Date.UTC(2037, 11, 31) / DAY }).map((day) => new Date(day * DAY).toISOString().slice(0, 10));

/** A day from two before to one after a clock change of the zone that year (any day of it if there is none). */
const dayNearChange = (timeZone: string) =>
  fc
    .record({ year: fc.integer({ min: 1970, max: 2037 }), which: fc.nat(), near: fc.integer({ min: -2, max: 1 }), fallback: anyDay })
    .map(({ year, which, near, fallback }) => {
      const changes = changesIn(year, timeZone);
      return changes.length === 0 ? fallback : shift(dateIn(changes[which % changes.length]!, timeZone), near);
    });

/** Zones whose clocks have changed at or across midnight: forward over it, back to it, back over it, past a day. */
const MIDNIGHT_CHANGES = ["America/Havana", "America/Santiago", "Asia/Beirut", "America/Asuncion", "America/Sao_Paulo", "Antarctica/Casey", "Pacific/Apia"];

const zoneAndDay = fc
  .oneof(fc.constantFrom(...ZONES), fc.constantFrom(...MIDNIGHT_CHANGES))
  .chain((timeZone) => fc.tuple(fc.constant(timeZone), fc.oneof(dayNearChange(timeZone), anyDay)));

it("a day begins at the first instant the zone's clock reads it", () => {
  fc.assert(
    fc.property(zoneAndDay, ([timeZone, iso]) => {
      const start = dayStartInZone(iso, timeZone).getTime();
      const at = dateIn(start, timeZone);
      const before = dateIn(start - 1, timeZone);
      // At it the day, one millisecond before it the day before. Where the zone skipped a day (Samoa moved
      // across the date line), the skipped day begins with the next one, and the next one follows the day
      // before the skipped one.
      expect([iso, shift(iso, 1)], "at the start").toContain(at);
      expect([shift(iso, -1), shift(iso, -2)], "one millisecond before").toContain(before);
      if (at !== iso) expect(before).toBe(shift(iso, -1));
      if (before !== shift(iso, -1)) expect(at).toBe(iso);
      // Nothing earlier reads the day (midnight twice): checked every quarter hour over the day before.
      for (let earlier = start - 15 * 60_000; earlier > start - 30 * HOUR; earlier -= 15 * 60_000) expect(dateIn(earlier, timeZone) < iso).toBe(true);
    }),
    { numRuns: 400 },
  );
  // A time limit, not a timing: each run walks a year of the zone's clock, and a busy machine takes seconds.
}, 60_000);
