// Creates (and later drops) a uniquely named database on the server `adminUrl` points to, so that each
// test run starts from nothing and runs never share state. The database gets its own owner and
// application roles (scripts/db-roles.mjs), like a production install: tests and the e2e server connect
// as the application role, migrations run as the owner, and the superuser URL stays with the test harness.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { dropRoles, onDatabase, prepareDatabase } from "./db-roles.mjs";

export async function createFreshDatabase(adminUrl, prefix) {
  const name = `${prefix}_${Date.now().toString(36)}_${process.pid}`;
  const roles = { owner: `${name}_owner`, app: `${name}_app` };
  const { ownerUrl, appUrl } = await prepareDatabase(adminUrl, {
    database: name,
    ...roles,
    ownerPassword: randomBytes(18).toString("base64url"),
    appPassword: randomBytes(18).toString("base64url"),
  });
  return {
    name,
    url: appUrl,
    appRole: roles.app,
    ownerUrl,
    adminUrl: onDatabase(adminUrl, name),
    async drop() {
      const c = new pg.Client({ connectionString: onDatabase(adminUrl, "postgres") });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
      await dropRoles(adminUrl, [roles.owner, roles.app]);
    },
  };
}
