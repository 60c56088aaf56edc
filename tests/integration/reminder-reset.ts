import { testDb } from "./helpers";

/**
 * No reminder left waiting and no dispatch job queued: the reminder files share the run's database, and what
 * one file queues must not be sent by another file's dispatch run.
 */
export async function clearQueuedReminders(): Promise<void> {
  await testDb().reminder.updateMany({ where: { status: "QUEUED" }, data: { status: "FAILED", failureReason: "test reset", finishedAt: new Date() } });
  await testDb().$executeRaw`DELETE FROM pgboss.job WHERE name = 'reminders-dispatch'`;
}
