import { stopJobSender } from "@/lib/jobs/enqueue";
import { testDb } from "./helpers";
import type { TestSmtpServer } from "./smtp-test-server";

/**
 * No reminder left waiting and no dispatch job queued: the reminder files share the run's database, and what
 * one file queues must not be sent by another file's dispatch run.
 */
export async function clearQueuedReminders(): Promise<void> {
  await testDb().reminder.updateMany({ where: { status: "QUEUED" }, data: { status: "FAILED", failureReason: "test reset", finishedAt: new Date() } });
  await testDb().$executeRaw`DELETE FROM pgboss.job WHERE name = 'reminders-dispatch'`;
}

/** The end of a file that sends reminders: nothing of it left queued, its job sender and mail server stopped. */
export async function endReminderFile(smtp: TestSmtpServer): Promise<void> {
  await clearQueuedReminders();
  await stopJobSender();
  await smtp.stop();
  delete process.env.SMTP_URL;
}
