import { readFileSync } from "node:fs";
import pg from "pg";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import { describe, expect, inject, it } from "vitest";
import { migrate } from "@/lib/migrate";
import { testDb } from "./helpers";

interface DmmfField {
  name: string;
  kind: string;
  type: string;
  isList: boolean;
  isRequired: boolean;
  dbName?: string | null;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
}
interface Dmmf {
  datamodel: {
    models: { name: string; dbName: string | null; fields: DmmfField[] }[];
    enums: { name: string; values: { name: string }[] }[];
    indexes: { model: string; type: string; dbName?: string | null; fields: { name: string }[] }[];
  };
}

const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: readFileSync("prisma/schema.prisma", "utf8") }))) as Dmmf;

function expectedUdt(field: DmmfField): string {
  if (field.kind === "enum") return field.isList ? `_${field.type}` : field.type;
  const native = field.nativeType?.[0];
  const base =
    field.type === "String"
      ? native === "Uuid"
        ? "uuid"
        : "text"
      : field.type === "Int"
        ? "int4"
        : field.type === "BigInt"
          ? "int8"
          : field.type === "Boolean"
            ? "bool"
            : field.type === "DateTime"
              ? native === "Date"
                ? "date"
                : "timestamptz"
              : field.type === "Decimal"
                ? "numeric"
                : field.type === "Float"
                  ? "float8"
                  : field.type === "Json"
                    ? "jsonb"
                    : field.type === "Bytes"
                      ? "bytea"
                      : `unknown:${field.type}`;
  return field.isList ? `_${base}` : base;
}

/**
 * The hand-written migrations and schema.prisma must describe the same database: every model, column,
 * type, nullability, enum value and unique index, and nothing extra in the database.
 */
describe("schema drift", () => {
  it("the migrated database matches schema.prisma", async () => {
    const db = testDb();
    const columns = await db.$queryRaw<{ table_name: string; column_name: string; udt_name: string; is_nullable: string }[]>`
      SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`;
    const actual = new Map(columns.map((c) => [`${c.table_name}.${c.column_name}`, `${c.udt_name}${c.is_nullable === "YES" ? "?" : ""}`]));
    const expected = new Map<string, string>();
    for (const model of dmmf.datamodel.models) {
      for (const field of model.fields.filter((f) => f.kind !== "object")) {
        // Prisma creates scalar lists as nullable columns.
        const nullable = !field.isRequired || field.isList;
        expected.set(`${model.dbName ?? model.name}.${field.dbName ?? field.name}`, `${expectedUdt(field)}${nullable ? "?" : ""}`);
      }
    }
    const actualWithoutMeta = new Map([...actual].filter(([k]) => !k.startsWith("_prisma_migrations.")));
    expect(Object.fromEntries([...actualWithoutMeta].sort())).toEqual(Object.fromEntries([...expected].sort()));
  });

  it("enums match", async () => {
    const rows = await testDb().$queryRaw<{ typname: string; enumlabel: string }[]>`
      SELECT t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' ORDER BY t.typname, e.enumsortorder`;
    const actual: Record<string, string[]> = {};
    for (const r of rows) (actual[r.typname] ??= []).push(r.enumlabel);
    const expected = Object.fromEntries(dmmf.datamodel.enums.map((e) => [e.name, e.values.map((v) => v.name)]));
    expect(actual).toEqual(expected);
  });

  it("every unique constraint and index in the schema exists", async () => {
    const rows = await testDb().$queryRaw<{ tablename: string; indexname: string; indexdef: string }[]>`
      SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'`;
    const byName = new Map(rows.map((r) => [r.indexname, r]));
    for (const index of dmmf.datamodel.indexes) {
      const model = dmmf.datamodel.models.find((m) => m.name === index.model)!;
      const table = model.dbName ?? model.name;
      const cols = index.fields.map((f) => model.fields.find((x) => x.name === f.name)!.dbName ?? f.name);
      const name = index.dbName ?? (index.type === "id" ? `${table}_pkey` : `${table}_${cols.join("_")}_${index.type === "unique" ? "key" : "idx"}`);
      const row = byName.get(name);
      expect(row, `index ${name}`).toBeDefined();
      if (index.type === "unique" || index.type === "id") expect(row!.indexdef).toMatch(/UNIQUE/);
    }
  });

  it("re-running the migrations is a no-op and records Prisma checksums", async () => {
    expect(await migrate(inject("ownerUrl"))).toEqual([]);
    // The application role may not read the migrations table: its owner does.
    const owner = new pg.Client({ connectionString: inject("ownerUrl") });
    await owner.connect();
    const { rows } = await owner
      .query<{ migration_name: string; checksum: string }>("SELECT migration_name, checksum FROM _prisma_migrations")
      .finally(() => owner.end());
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
  });
});
