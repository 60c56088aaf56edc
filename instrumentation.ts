/** Runs once when a server instance starts: checks that it does not connect as a privileged database role. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { warnOnExcessPrivileges } = await import("@/lib/db-role-check");
  await warnOnExcessPrivileges();
}
