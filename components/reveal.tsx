"use client";

import type { Reveal } from "@/lib/validation/action-result";

/** A secret shown once (a setup link, recovery codes), selectable as a whole for copying. */
export function RevealedSecret({ reveal }: { reveal: Reveal }) {
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="revealed">
      <p className="mb-2 font-medium text-amber-900">{reveal.label}</p>
      <ul className="select-all space-y-1 font-mono break-all">
        {reveal.values.map((v) => (
          <li key={v}>{v}</li>
        ))}
      </ul>
    </div>
  );
}

/** A one-time link, shown whole with this site's address so that it can be copied and handed over. */
export function RevealedLink({ reveal }: { reveal: Reveal }) {
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  return <RevealedSecret reveal={{ ...reveal, values: reveal.values.map((path) => `${origin}${path}`) }} />;
}
