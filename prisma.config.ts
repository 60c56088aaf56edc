import "dotenv/config";
import { defineConfig } from "prisma/config";

// The datasource URL lives here in Prisma 7. process.env (not env()) so that commands that need
// no database, such as `prisma generate`, work when DATABASE_URL is unset.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
