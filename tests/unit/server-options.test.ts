import { describe, expect, it } from "vitest";
import { serverEnv as serverEnvOf } from "../../scripts/server-options.mjs";

/** An environment without the rest of process.env's required keys. */
const serverEnv = (env: Record<string, string>) => serverEnvOf(env as NodeJS.ProcessEnv);

describe("serverEnv: the production server's environment", () => {
  it("adds the heap settings, two malloc arenas and fixed malloc thresholds, and drops the owner's and the superuser's database URLs", () => {
    const env = serverEnv({ DATABASE_URL: "app", DATABASE_OWNER_URL: "owner", DATABASE_ADMIN_URL: "admin", NODE_OPTIONS: "--enable-source-maps" });
    expect(env).toEqual({
      DATABASE_URL: "app",
      MALLOC_ARENA_MAX: "2",
      GLIBC_TUNABLES: "glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072",
      NODE_OPTIONS: "--enable-source-maps --max-old-space-size=192 --max-semi-space-size=8",
    });
  });

  it("keeps an operator's own heap settings, arena count and malloc tunables", () => {
    const env = serverEnv({ NODE_OPTIONS: "--max-old-space-size=512", MALLOC_ARENA_MAX: "8", GLIBC_TUNABLES: "glibc.malloc.tcache_count=0" });
    expect(env).toEqual({ NODE_OPTIONS: "--max-old-space-size=512", MALLOC_ARENA_MAX: "8", GLIBC_TUNABLES: "glibc.malloc.tcache_count=0" });
  });

  it("does not change the environment it was given", () => {
    const given = { DATABASE_URL: "app" };
    serverEnv(given);
    expect(given).toEqual({ DATABASE_URL: "app" });
  });
});
