import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { PERMISSIONS } from "@/lib/auth/permissions";
import { AUDIT_ACTION_LABELS, actionArea, actionLabel, AUDIT_ACTION_AREAS } from "./audit-action-labels";
import { AUDIT_ACTION_GROUPS } from "./audit-action-groups";
import { AUDIT_ACTIONS } from "./audit-actions";

/** Every source file under `dir` (tests and generated code aside). */
function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== "generated" && name !== "node_modules") sources(p, out);
    } else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

/** The property a literal is the value of, through conditionals, parentheses and `as const`. */
function propertyOf(node: ts.Node): string | null {
  let n = node.parent;
  while (n && (ts.isConditionalExpression(n) || ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isBinaryExpression(n))) n = n.parent;
  return n && ts.isPropertyAssignment(n) && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name)) ? n.name.text : null;
}

const PREFIXES = new Set(AUDIT_ACTIONS.map((a) => a.split(".")[0]));
const PERMISSION_NAMES = new Set<string>(PERMISSIONS);

/**
 * Every string in lib/ and app/ shaped like an action ("group.event", with a group the trail records): a
 * permission ("audit.read") or a log line's event is one only where it is an `action`.
 */
function actionCodesWritten(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of [...sources("lib"), ...sources("app")]) {
    if (file.endsWith(path.join("data", "audit-actions.ts")) || file.endsWith(path.join("data", "audit-action-labels.ts"))) continue;
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
        const text = node.text;
        const property = propertyOf(node);
        const shaped = /^[a-z]+\.[a-z_]*[a-z]$/.test(text) && PREFIXES.has(text.split(".")[0]!);
        if (shaped && (property === "action" || (property !== "event" && !PERMISSION_NAMES.has(text)))) found.set(text, file);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe("every audit action reads under a label", () => {
  it("every action code written anywhere in lib/ (and app/) is a listed action with a label", () => {
    const written = actionCodesWritten();
    // The scan finds writes of every form: a literal, a conditional, a table of actions, `as const`.
    for (const a of ["auth.login", "auth.password_verified", "course.stop", "user.api_client_approved", "lab.import"]) expect(written.has(a), a).toBe(true);
    const unlabelled = [...written].filter(([code]) => !(code in AUDIT_ACTION_LABELS)).map(([code, file]) => `${code} (${file})`);
    expect(unlabelled).toEqual([]);
  });

  it("labels are sentence case, without codes, one per action; the groups' neutral labels read alike", () => {
    expect(Object.keys(AUDIT_ACTION_LABELS).sort()).toEqual([...AUDIT_ACTIONS].sort());
    const labels = [...Object.values(AUDIT_ACTION_LABELS), ...AUDIT_ACTION_GROUPS.map((g) => g.label)];
    for (const label of labels) expect(label, label).toMatch(/^[A-Z][^._]*[A-Za-z)]$/);
    expect(new Set(labels).size).toBe(labels.length);
    expect(actionLabel("user.role_change")).toBe("Role changed");
    expect(actionLabel("patient.view")).toBe("Patient record viewed");
  });

  it("an action of an earlier version, no longer listed, reads as its words", () => {
    expect(actionLabel("patients.list")).toBe("Patients list");
    expect(actionLabel("lab.message_ignored")).toBe("Lab message ignored");
  });

  it("each action belongs to one area of the filter, in the areas' order", () => {
    expect(actionArea("auth.login")).toBe("Sign-in and access");
    expect(actionArea("user.api_client_created")).toBe("Accounts, API clients and lab interfaces");
    expect(actionArea("settings.update")).toBe("Clinic configuration");
    expect(actionArea("patients.view_list")).toBe("Who saw which patient");
    expect(actionArea("monitoring.export")).toBe("Who saw which patient");
    expect(actionArea("course.stop")).toBe("Clinical records");
    for (const a of AUDIT_ACTIONS) expect(AUDIT_ACTION_AREAS).toContain(actionArea(a));
  });
});
