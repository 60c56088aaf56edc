// Sends the reminders waiting in the queue, once each, and prints the counts (never a recipient).
// Usage: npm run reminders:dispatch. Safe to run while the server dispatches too: rows are claimed.
import { db } from "../lib/db";
import { dispatchQueuedReminders } from "../lib/reminders/dispatch";

try {
  const { sent, failed, interrupted } = await dispatchQueuedReminders();
  console.log(`Reminders: ${sent} sent, ${failed} failed${interrupted ? `, ${interrupted} closed as interrupted` : ""}.`);
} finally {
  await db.$disconnect();
}
