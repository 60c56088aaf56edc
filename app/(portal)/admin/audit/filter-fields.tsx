import type { Role } from "@/lib/auth/permissions";
import { actionFilterOptions } from "@/lib/data/audit-action-groups";
import type { AuditActorChoice, AuditActorKind } from "@/lib/data/audit-names";

const ACTOR_GROUPS: { kind: AuditActorKind; label: string }[] = [
  { kind: "user", label: "Staff" },
  { kind: "api-client", label: "API clients" },
  { kind: "lab-interface", label: "Laboratory interfaces" },
];

/** A labelled choice of the filter form, named by its id; empty is its first choice (`any`). */
function FilterSelect({ id, label, any, value, children }: { id: string; label: string; any: string; value: string | undefined; children: React.ReactNode }) {
  return (
    <div>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      <select className="input" id={id} name={id} defaultValue={value ?? ""}>
        <option value="">{any}</option>
        {children}
      </select>
    </div>
  );
}

/** The user filter: staff, API clients and laboratory interfaces, each under its heading. */
export function ActorSelect({ actors, value }: { actors: AuditActorChoice[]; value: string | undefined }) {
  return (
    <FilterSelect id="actor" label="User" any="Anyone" value={value}>
      {ACTOR_GROUPS.map((g) => {
        const members = actors.filter((a) => a.kind === g.kind);
        return members.length === 0 ? null : (
          <optgroup key={g.kind} label={g.label}>
            {members.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </optgroup>
        );
      })}
    </FilterSelect>
  );
}

/** The action filter: the actions this role may name, by area and label, each with its code as its title. */
export function ActionSelect({ role, value }: { role: Role; value: string | undefined }) {
  return (
    <FilterSelect id="action" label="Action" any="Any" value={value}>
      {actionFilterOptions(role).map((a) => (
        <optgroup key={a.area} label={a.area}>
          {a.options.map((o) => (
            <option key={o.value} value={o.value} title={o.code ?? undefined}>
              {o.label}
            </option>
          ))}
        </optgroup>
      ))}
    </FilterSelect>
  );
}
