// Sends the reminders waiting in the queue, once each, and prints the counts (never a recipient).
// Usage: npm run reminders:dispatch. Safe to run while the workers dispatch too: rows are claimed.
import { db } from "../lib/db";
import { dispatchQueuedReminders, DispatchDeferredError } from "../lib/reminders/dispatch";

try {
  const { sent, failed, interrupted } = await dispatchQueuedReminders();
  console.log(`Reminders: ${sent} sent, ${failed} failed${interrupted ? `, ${interrupted} closed as interrupted` : ""}.`);
} catch (error) {
  // The mail server cannot take messages now: the reminders stay queued for the job's next attempt.
  if (!(error instanceof DispatchDeferredError)) throw error;
  console.error(`Reminders: ${error.message}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
