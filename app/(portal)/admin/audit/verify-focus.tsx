"use client";

import { useEffect, useRef } from "react";

/**
 * Whether this page's "Verify hash chain" was pressed and its result has not arrived yet. The result comes with a
 * new page (the POST sends the browser to the address that carries it sealed), where the focus has fallen to the
 * page body: it takes the focus then, and only then: a reload or a link showing a result again moves nothing.
 */
let verificationAsked = false;

/** The audit trail's search form's second button: it posts the form with `verify`. */
export function VerifyChainButton() {
  return (
    <button
      className="btn-secondary"
      type="submit"
      name="verify"
      value="1"
      onClick={() => {
        verificationAsked = true;
      }}
    >
      Verify hash chain
    </button>
  );
}

/**
 * Around a verification's result (`stamp`: when it was reached): once the button asked for it, its status message
 * takes the focus, so that it is read out (its role=status alone is not: it is on the new page from the start) and
 * the keyboard goes on from it.
 */
export function VerificationFocus({ stamp, children }: { stamp: string; children: React.ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!verificationAsked) return;
    verificationAsked = false;
    ref.current?.querySelector<HTMLElement>("[role=status]")?.focus();
  }, [stamp]);
  return <div ref={ref}>{children}</div>;
}
