/**
 * Runs once when a server instance starts: checks that it does not connect as a privileged database role,
 * and starts the background job worker (lib/jobs) unless JOBS_WORKER=off (a deployment that runs
 * `npm run worker` on its own). A worker that cannot start (a database not reachable or not yet migrated)
 * is logged and tried again, with growing waits, while the pages serve: they read the stored figures and
 * say how old they are.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { warnOnExcessPrivileges } = await import("@/lib/db-role-check");
  await warnOnExcessPrivileges();
  if (process.env.JOBS_WORKER === "off") return;
  const { keepStartingJobWorker } = await import("@/lib/jobs/worker");
  // Not awaited: the pages serve at once, and the worker starts as soon as the database lets it.
  void keepStartingJobWorker();
}
