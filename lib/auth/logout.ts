import "server-only";
import { db } from "@/lib/db";
import { writeAudit } from "@/lib/data/audit";
import { isSessionId, revokeSession } from "./sessions";

/** Revokes one session with its audit row; a session already ended is left as it is. */
export async function endSession(sessionId: string): Promise<void> {
  if (!isSessionId(sessionId)) return;
  await db.$transaction(async (tx) => {
    const row = await tx.userSession.findUnique({ where: { id: sessionId }, select: { user: { select: { id: true, role: true } } } });
    if (!row || !(await revokeSession(tx, sessionId, "sign_out"))) return;
    await writeAudit(tx, row.user, { action: "auth.logout", entityType: "User", entityId: row.user.id, changes: { session: sessionId } });
  });
}
