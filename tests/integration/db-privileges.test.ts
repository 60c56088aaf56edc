import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { excessPrivileges, PRIVILEGE_WARNING, warnOnExcessPrivileges } from "@/lib/db-role-check";
import { migrate } from "@/lib/migrate";

/**
 * Least privilege: the run's database was migrated by its owner role, and the tests (like the server)
 * connect as the application role, which must not be able to alter the audit trail or its protection.
 */
const appUrl = inject("databaseUrl");
const ownerUrl = inject("ownerUrl");
const adminUrl = inject("adminUrl");
let app: pg.Client;
let appRole: string;

async function connect(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** The SQLSTATE a statement fails with, or "ok". */
async function outcome(client: pg.Client, sql: string): Promise<string> {
  try {
    await client.query(sql);
    return "ok";
  } catch (error) {
    return (error as { code?: string }).code ?? "error";
  }
}

beforeAll(async () => {
  app = await connect(appUrl);
  appRole = (await app.query<{ u: string }>("SELECT current_user AS u")).rows[0]!.u;
});
afterAll(async () => {
  await app.end();
});

describe("the application role", () => {
  it("may insert and read audit rows through the chain", async () => {
    expect(await outcome(app, "SELECT count(*) FROM audit_events")).toBe("ok");
    expect(await outcome(app, "SELECT nextval(pg_get_serial_sequence('audit_events', 'id'))")).toBe("ok");
  });

  it("cannot update, delete or truncate audit rows, alter the table, disable its triggers or replicate around them", async () => {
    const attempts = {
      update: "UPDATE audit_events SET action = 'tampered'",
      delete: "DELETE FROM audit_events",
      truncate: "TRUNCATE audit_events",
      alter: "ALTER TABLE audit_events ADD COLUMN note text",
      disableTrigger: "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update",
      disableAllTriggers: "ALTER TABLE audit_events DISABLE TRIGGER ALL",
      dropTrigger: "DROP TRIGGER audit_events_no_update ON audit_events",
      replaceFunction: "CREATE OR REPLACE FUNCTION audit_events_immutable() RETURNS trigger AS $$ BEGIN RETURN OLD; END $$ LANGUAGE plpgsql",
      replica: "SET session_replication_role = replica",
      createTable: "CREATE TABLE shadow (id int)",
      alterOther: "ALTER TABLE patients DROP COLUMN phone",
      migrations: "SELECT * FROM _prisma_migrations",
    };
    const results: Record<string, string> = {};
    for (const [name, sql] of Object.entries(attempts)) results[name] = await outcome(app, sql);
    // 42501: insufficient_privilege; 42501 is also what "must be owner of table" raises.
    expect(results).toEqual(Object.fromEntries(Object.keys(attempts).map((k) => [k, "42501"])));
    expect((await app.query("SHOW session_replication_role")).rows[0].session_replication_role).toBe("origin");
  });

  it("owns nothing and has exactly the DML it was granted", async () => {
    const owned = await app.query(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND pg_has_role(current_user, c.relowner, 'USAGE')`,
    );
    expect(owned.rows).toEqual([]);
    const { rows } = await app.query<{ relname: string; s: boolean; i: boolean; u: boolean; d: boolean; t: boolean }>(`
      SELECT c.relname, has_table_privilege(c.oid, 'SELECT') AS s, has_table_privilege(c.oid, 'INSERT') AS i,
        has_table_privilege(c.oid, 'UPDATE') AS u, has_table_privilege(c.oid, 'DELETE') AS d, has_table_privilege(c.oid, 'TRUNCATE') AS t
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'`);
    const byTable = new Map(rows.map((r) => [r.relname, [r.s, r.i, r.u, r.d, r.t]]));
    expect(byTable.get("audit_events")).toEqual([true, true, false, false, false]);
    expect(byTable.get("_prisma_migrations")).toEqual([false, false, false, false, false]);
    // Earlier patient details, paper-record figures and dispensed dates are kept, never changed.
    expect(byTable.get("patient_detail_versions")).toEqual([true, true, false, false, false]);
    expect(byTable.get("paper_record_versions")).toEqual([true, true, false, false, false]);
    expect(byTable.get("prescription_dispensings")).toEqual([true, true, false, false, false]);
    const appendOnly = new Set(["audit_events", "_prisma_migrations", "patient_detail_versions", "paper_record_versions", "prescription_dispensings"]);
    for (const [table, privileges] of byTable) {
      if (!appendOnly.has(table)) expect([table, privileges]).toEqual([table, [true, true, true, true, false]]);
    }
    const sequences = await app.query<{ name: string; usable: boolean }>(
      `SELECT sequencename AS name, has_sequence_privilege(format('%I.%I', schemaname, sequencename), 'USAGE') AS usable FROM pg_sequences WHERE schemaname = 'public'`,
    );
    expect(sequences.rows.length).toBeGreaterThan(0);
    expect(sequences.rows.filter((s) => !s.usable)).toEqual([]);
  });
});

describe("grants after migrations", () => {
  it("a table added by a later migration is granted, and a hand-made grant on the audit trail is taken back", async () => {
    const owner = await connect(ownerUrl);
    try {
      await owner.query("CREATE TABLE later_feature (id serial PRIMARY KEY, note text)");
      await owner.query(`GRANT UPDATE, DELETE ON audit_events TO "${appRole}"`);
      expect(await outcome(app, "INSERT INTO later_feature (note) VALUES ('x')")).toBe("42501");
      expect(await outcome(app, "UPDATE audit_events SET action = action WHERE false")).toBe("ok");

      await migrate(ownerUrl, undefined, { appRole });
      expect(await outcome(app, "INSERT INTO later_feature (note) VALUES ('x')")).toBe("ok");
      expect(await outcome(app, "TRUNCATE later_feature")).toBe("42501");
      expect(await outcome(app, "UPDATE audit_events SET action = action WHERE false")).toBe("42501");
      expect(await outcome(app, "DELETE FROM audit_events WHERE false")).toBe("42501");
    } finally {
      await owner.query("DROP TABLE IF EXISTS later_feature");
      await owner.end();
    }
  });

  it("refuses to grant to a role that is a superuser or owns the tables", async () => {
    const owner = await connect(ownerUrl);
    const ownerRole = (await owner.query<{ u: string }>("SELECT current_user AS u")).rows[0]!.u;
    await owner.end();
    await expect(migrate(adminUrl, undefined, { appRole: ownerRole })).rejects.toThrow(/owns tables/);
  });
});

describe("start-up check of the server's database role", () => {
  it("is quiet for the application role and loud for the owner and for a superuser", async () => {
    expect(await excessPrivileges(appUrl)).toEqual({ role: appRole, reasons: [] });
    expect((await excessPrivileges(ownerUrl)).reasons).toEqual(["it owns the application's tables", "it may update, delete or truncate audit rows"]);
    expect((await excessPrivileges(adminUrl)).reasons).toContain("it is a superuser");

    const lines: string[] = [];
    expect(await warnOnExcessPrivileges(appUrl, (l) => lines.push(l))).toBe(false);
    expect(lines).toEqual([]);
    expect(await warnOnExcessPrivileges(adminUrl, (l) => lines.push(l))).toBe(true);
    expect(lines.join("\n")).toContain(PRIVILEGE_WARNING);
    expect(lines.join("\n")).not.toMatch(/password|:\/\//i);
  });
});
