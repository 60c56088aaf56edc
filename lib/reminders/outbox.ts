import { randomUUID } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Writes one message into the outbox folder (created if need be, readable by the server's user only), whole or
 * not at all: it is written under a temporary name, then renamed to `name`, so a full disk or a stopped server
 * never leaves half a message where a reader of the folder would take it for one. Written again (a retry after
 * such an error), it replaces the same file: one file per reminder, never two. Throws Node's file system error
 * (lib/reminders/delivery-error.ts reads its code, never its text, which names the path).
 */
export async function writeOutboxFile(outboxDir: string, name: string, content: string | Buffer): Promise<void> {
  await mkdir(outboxDir, { recursive: true, mode: 0o700 });
  const partial = path.join(outboxDir, `.${name}.${randomUUID()}.partial`);
  try {
    await writeFile(partial, content, { mode: 0o600, flag: "wx" });
    await rename(partial, path.join(outboxDir, name));
  } catch (error) {
    await rm(partial, { force: true }).catch(() => undefined);
    throw error;
  }
}
