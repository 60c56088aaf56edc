/**
 * Runs once when a server instance starts: checks that it does not connect as a privileged database role,
 * and starts the background job worker (lib/jobs) unless JOBS_WORKER=off (a deployment that runs
 * `npm run worker` on its own). A worker that cannot start (a database not yet migrated) is logged and
 * leaves the pages serving: they read the stored figures and say how old they are.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { warnOnExcessPrivileges } = await import("@/lib/db-role-check");
  await warnOnExcessPrivileges();
  if (process.env.JOBS_WORKER === "off") return;
  const [{ startJobWorker }, { log }] = await Promise.all([import("@/lib/jobs/worker"), import("@/lib/log")]);
  await startJobWorker().catch((error: unknown) => log.error({ error: error instanceof Error ? error.message : String(error) }, "job worker not started"));
}
