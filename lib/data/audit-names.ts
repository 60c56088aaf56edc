import "server-only";
import { db } from "@/lib/db";

/** Who can write an audit row: a member of staff, an API client, or a laboratory interface. */
export type AuditActorKind = "user" | "api-client" | "lab-interface";

export interface AuditActorChoice {
  id: string;
  /** As the trail shows it: a system with its kind and its id's first characters (two systems may share a name). */
  name: string;
  kind: AuditActorKind;
}

/** The record types that name a person or a system, and where their names are. */
type Named = "User" | "ApiClient" | "Hl7Interface";

/**
 * The names the audit trail shows: everyone who can act, for the user filter (staff by name, then API clients and
 * lab interfaces, labelled as such, revoked ones too: their rows stay), the actor of each row, and the person or
 * system a row acted on (a role changed, a token approved). Staff names only, never a patient's: a patient is
 * named in the patient column, from the row's patient id.
 */
export async function auditDirectory() {
  const [users, clients, labs] = await Promise.all([
    db.user.findMany({ select: { id: true, name: true }, orderBy: [{ name: "asc" }, { id: "asc" }] }),
    db.apiClient.findMany({ select: { id: true, name: true }, orderBy: [{ name: "asc" }, { id: "asc" }] }),
    db.hl7Interface.findMany({ select: { id: true, name: true }, orderBy: [{ name: "asc" }, { id: "asc" }] }),
  ]);
  const actors: AuditActorChoice[] = [
    ...users.map((u) => ({ id: u.id, name: u.name, kind: "user" as const })),
    ...clients.map((c) => ({ id: c.id, name: `${c.name} (API client ${c.id.slice(0, 8)})`, kind: "api-client" as const })),
    ...labs.map((l) => ({ id: l.id, name: `${l.name} (lab interface ${l.id.slice(0, 8)})`, kind: "lab-interface" as const })),
  ];
  const labels = new Map(actors.map((a) => [a.id, a.name]));
  const names: Record<Named, Map<string, string>> = {
    User: new Map(users.map((u) => [u.id, u.name])),
    ApiClient: new Map(clients.map((c) => [c.id, c.name])),
    Hl7Interface: new Map(labs.map((l) => [l.id, l.name])),
  };
  return {
    actors,
    /** The actor of a row, by name; an id no longer known, as recorded. */
    actorName: (id: string | null) => (id ? (labels.get(id) ?? id) : "—"),
    /** The person or system a row acted on, by name; null for any other record. */
    subjectName: (entityType: string, entityId: string | null) =>
      entityId && Object.hasOwn(names, entityType) ? (names[entityType as Named].get(entityId) ?? null) : null,
  };
}
