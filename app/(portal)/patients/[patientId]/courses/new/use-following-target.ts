"use client";

import { useEffect, useRef, type FormEvent } from "react";
import { defaultTargetMgPerKg } from "@/lib/domain/dosing/targets";

/** The regimen the start-course form offers first. */
export const FIRST_REGIMEN = "STANDARD";

function targetFields(form: HTMLFormElement | null) {
  const [target, indication, regimen] = ["targetMgPerKg", "indication", "regimenIntent"].map((name) => form?.elements.namedItem(name));
  return target instanceof HTMLInputElement && indication instanceof HTMLSelectElement && regimen instanceof HTMLSelectElement
    ? { target, indication, regimen }
    : null;
}

/** The target field shows the default of the indication and regimen chosen. */
function showDefault(form: HTMLFormElement | null) {
  const f = targetFields(form);
  if (f) f.target.value = String(defaultTargetMgPerKg(f.indication.value, f.regimen.value) ?? "");
}

/**
 * The start-course form's target follows the chosen indication and regimen, showing their default
 * (defaultTargetMgPerKg, lib/domain/dosing/targets.ts: the rule the server applies to a target left empty), until
 * the prescriber types a target of their own, which is kept whatever is chosen next (docs/DOMAIN.md "Targets":
 * the dermatologist may still set one). The field stays uncontrolled, so a refused submission shows what was sent.
 * Returns the form's ref and its change handler.
 */
export function useFollowingTarget() {
  const form = useRef<HTMLFormElement>(null);
  const typed = useRef(false);

  // Before the page was interactive, a target typed is the prescriber's, and an indication or regimen chosen is followed.
  useEffect(() => {
    const f = targetFields(form.current);
    if (f && f.target.value !== f.target.defaultValue) typed.current = true;
    if (!typed.current) showDefault(form.current);
  }, []);

  const onChange = (e: FormEvent<HTMLFormElement>) => {
    const { name } = e.target as HTMLInputElement | HTMLSelectElement;
    if (name === "targetMgPerKg") typed.current = true;
    else if ((name === "indication" || name === "regimenIntent") && !typed.current) showDefault(form.current);
  };
  return { ref: form, onChange };
}
