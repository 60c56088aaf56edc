import { describe, expect, it } from "vitest";
import { earlierReminderBlock, type EarlierReminder } from "./earlier";

const NOW = new Date("2027-02-01T15:00:00Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const HOUR = 3600_000;
const QUEUED = "A reminder email is already queued for this patient and not sent yet.";
const SENDING = "A reminder email to this patient is being sent now.";
const SENT = "A reminder email was sent to this patient in the last 24 hours.";

/** The earlier reminders of one patient, and what another email reminder gets, worked out by hand. */
const TABLE: [string, EarlierReminder[], string | null][] = [
  ["none", [], null],
  ["one queued", [{ channel: "EMAIL", status: "QUEUED", finishedAt: null }], QUEUED],
  ["one being sent", [{ channel: "EMAIL", status: "SENDING", finishedAt: null }], SENDING],
  ["one sent an hour ago", [{ channel: "EMAIL", status: "SENT", finishedAt: ago(HOUR) }], SENT],
  ["one sent a minute short of 24 hours ago", [{ channel: "EMAIL", status: "SENT", finishedAt: ago(24 * HOUR - 60_000) }], SENT],
  ["one sent exactly 24 hours ago", [{ channel: "EMAIL", status: "SENT", finishedAt: ago(24 * HOUR) }], SENT],
  ["one sent 24 hours and a minute ago", [{ channel: "EMAIL", status: "SENT", finishedAt: ago(24 * HOUR + 60_000) }], null],
  ["one that failed an hour ago", [{ channel: "EMAIL", status: "FAILED", finishedAt: ago(HOUR) }], null],
  ["a text message queued: another channel", [{ channel: "SMS", status: "QUEUED", finishedAt: null }], null],
  [
    "one sent and one queued: queued is said, never sent",
    [
      { channel: "EMAIL", status: "SENT", finishedAt: ago(HOUR) },
      { channel: "EMAIL", status: "QUEUED", finishedAt: null },
    ],
    QUEUED,
  ],
  [
    "one sent and one being sent",
    [
      { channel: "EMAIL", status: "SENT", finishedAt: ago(HOUR) },
      { channel: "EMAIL", status: "SENDING", finishedAt: null },
    ],
    SENDING,
  ],
];

describe("an earlier reminder on the channel", () => {
  it.each(TABLE)("%s", (_name, earlier, expected) => {
    expect(earlierReminderBlock("EMAIL", earlier, NOW)).toBe(expected);
  });

  it("names the channel asked for", () => {
    expect(earlierReminderBlock("SMS", [{ channel: "SMS", status: "QUEUED", finishedAt: null }], NOW)).toBe(
      "A reminder text message is already queued for this patient and not sent yet.",
    );
  });
});
