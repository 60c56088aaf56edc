// The two database roles Isotrack runs with (see README, "Database"):
// - the owner role owns the database's schema and every table; migrations and set-based seeds run as it;
// - the application role owns nothing and gets only the DML the migration runner grants it (lib/migrate.ts),
//   so the server can neither alter tables or triggers nor update or delete audit rows.
// These helpers need a superuser (or a role with CREATEROLE and CREATEDB) connection.
import pg from "pg";

const ident = (name) => `"${name.replace(/"/g, '""')}"`;
const literal = (value) => `'${value.replace(/'/g, "''")}'`;

/** postgresql URL of `base` on another database. */
export function onDatabase(base, database) {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

/** postgresql URL of `base` with another user, password and (optionally) database. */
export function urlFor(base, user, password, database) {
  const url = new URL(base);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(password);
  if (database) url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Creates the role when missing (concurrent runs may race on CREATE ROLE: the loser's error is ignored)
 * and (re)sets its password. The role never gets SUPERUSER, CREATEDB, CREATEROLE or BYPASSRLS.
 */
async function ensureRole(client, name, password) {
  await client.query(`DO $$ BEGIN
      CREATE ROLE ${ident(name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`);
  await client.query(`ALTER ROLE ${ident(name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD ${literal(password)}`);
}

/**
 * Makes sure both roles exist and that `database` exists and belongs to the owner role. A database created
 * before the roles existed (an older embedded cluster) is handed over: the database and every object in
 * its public schema now belong to the owner role, so migrations keep working and the app role owns nothing.
 */
export async function prepareDatabase(adminUrl, { database, owner, app, ownerPassword, appPassword }) {
  const admin = new pg.Client({ connectionString: onDatabase(adminUrl, "postgres") });
  await admin.connect();
  try {
    await ensureRole(admin, owner, ownerPassword);
    await ensureRole(admin, app, appPassword);
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (rowCount === 0) await admin.query(`CREATE DATABASE ${ident(database)} OWNER ${ident(owner)}`);
    else await admin.query(`ALTER DATABASE ${ident(database)} OWNER TO ${ident(owner)}`);
  } finally {
    await admin.end();
  }
  const inDb = new pg.Client({ connectionString: onDatabase(adminUrl, database) });
  await inDb.connect();
  try {
    await handOver(inDb, owner);
  } finally {
    await inDb.end();
  }
  return { ownerUrl: urlFor(adminUrl, owner, ownerPassword, database), appUrl: urlFor(adminUrl, app, appPassword, database) };
}

/** Gives the owner role every table, sequence, view, type and function of the public schema it lacks. */
async function handOver(client, owner) {
  await client.query(`DO $$
    DECLARE r record;
    BEGIN
      -- Tables first: their identity and serial sequences follow them.
      FOR r IN SELECT c.oid::regclass AS obj, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND pg_get_userbyid(c.relowner) <> ${literal(owner)} LOOP
        EXECUTE format('ALTER %s %s OWNER TO %I', CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, r.obj, ${literal(owner)});
      END LOOP;
      FOR r IN SELECT c.oid::regclass AS obj FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'public' AND c.relkind = 'S' AND pg_get_userbyid(c.relowner) <> ${literal(owner)} LOOP
        EXECUTE format('ALTER SEQUENCE %s OWNER TO %I', r.obj, ${literal(owner)});
      END LOOP;
      FOR r IN SELECT t.oid::regtype AS obj FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
               WHERE n.nspname = 'public' AND t.typtype = 'e' AND pg_get_userbyid(t.typowner) <> ${literal(owner)} LOOP
        EXECUTE format('ALTER TYPE %s OWNER TO %I', r.obj, ${literal(owner)});
      END LOOP;
      FOR r IN SELECT p.oid::regprocedure AS obj FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
               WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> ${literal(owner)} LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO %I', r.obj, ${literal(owner)});
      END LOOP;
    END $$`);
}

/** Drops roles created for a throwaway database (after the database itself is gone). */
export async function dropRoles(adminUrl, roles) {
  const admin = new pg.Client({ connectionString: onDatabase(adminUrl, "postgres") });
  await admin.connect();
  try {
    for (const role of roles) await admin.query(`DROP ROLE IF EXISTS ${ident(role)}`);
  } finally {
    await admin.end();
  }
}
