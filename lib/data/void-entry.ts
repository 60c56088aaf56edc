import "server-only";
import type { Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { refused } from "@/lib/errors";
import type { AuditActor } from "./audit";

/** The clinical tables whose rows are voided in place (entered in error), never deleted. */
export type VoidableTable = "dose_changes" | "prescriptions" | "course_pauses" | "missed_doses" | "monitoring_waivers" | "outreach_notes";

export const ALREADY_VOIDED = "This entry was already corrected or voided, perhaps by someone else. Reload the page to see the latest entries.";

/**
 * Marks one row entered in error, only while it is still current: a second void or a stale form changes
 * nothing and is refused. The row keeps every value; who, when and why are added.
 */
export async function markVoided(tx: Tx, actor: AuditActor, table: VoidableTable, id: string, reason: string): Promise<void> {
  const voided = await tx.$executeRaw`
    UPDATE ${Prisma.raw(`"${table}"`)} SET voided_at = now(), voided_by_id = ${actor.id}::uuid, void_reason = ${reason}
    WHERE id = ${id}::uuid AND voided_at IS NULL`;
  if (voided !== 1) throw refused(ALREADY_VOIDED);
}
