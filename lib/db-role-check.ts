import pg from "pg";
import { z } from "zod";
import { parseRows } from "./data/query-rows";

/**
 * What the server's database role may do that it should not. The server should connect as an application
 * role that owns nothing (README, "Database"); a superuser or the tables' owner could alter the tables,
 * disable the audit triggers or rewrite the audit trail. Returns the reasons, empty when least privilege holds.
 */
export async function excessPrivileges(connectionString: string): Promise<{ role: string; reasons: string[] }> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query(`
      SELECT current_user AS role, r.rolsuper AS superuser,
        -- Ownership, directly or through membership in the owning role.
        EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND pg_has_role(current_user, c.relowner, 'USAGE')) AS owns,
        COALESCE((SELECT has_table_privilege('public.audit_events', 'UPDATE') OR has_table_privilege('public.audit_events', 'DELETE')
                  OR has_table_privilege('public.audit_events', 'TRUNCATE')
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = 'public' AND c.relname = 'audit_events'), false) AS audit_update
      FROM pg_roles r WHERE r.rolname = current_user`);
    const [row] = parseRows(z.object({ role: z.string(), superuser: z.boolean(), owns: z.boolean(), audit_update: z.boolean() }), rows);
    if (!row) throw new Error("The database role was not found");
    const reasons: string[] = [];
    if (row.superuser) reasons.push("it is a superuser");
    if (row.owns) reasons.push("it owns the application's tables");
    if (row.audit_update) reasons.push("it may update, delete or truncate audit rows");
    return { role: row.role, reasons };
  } finally {
    await client.end().catch(() => {});
  }
}

export const PRIVILEGE_WARNING = "DATABASE ROLE WARNING";

/**
 * Run once when the server starts (instrumentation.ts): logs a loud warning when DATABASE_URL connects as a
 * superuser or as the tables' owner. It only warns, so a one-URL install keeps working. The message names
 * the role and the reasons, never a password.
 */
export async function warnOnExcessPrivileges(
  connectionString = process.env.DATABASE_URL,
  write: (line: string) => void = (l) => console.error(l),
): Promise<boolean> {
  if (!connectionString) return false;
  try {
    const { role, reasons } = await excessPrivileges(connectionString);
    if (reasons.length === 0) return false;
    const bar = "!".repeat(78);
    write(
      [
        bar,
        `${PRIVILEGE_WARNING}: the server connects to PostgreSQL as "${role}", and ${reasons.join(", and ")}.`,
        "The application's role should own nothing and may only insert and read audit rows. Create an owner",
        'role for migrations (DATABASE_OWNER_URL) and an application role (DATABASE_URL): README, "Database".',
        bar,
      ].join("\n"),
    );
    return true;
  } catch (error) {
    write(`${PRIVILEGE_WARNING}: could not check the database role at start (${(error as Error).message})`);
    return false;
  }
}
