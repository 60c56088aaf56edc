"use client";

import { useEffect, useState } from "react";

/**
 * Who the page is about, kept in view once the patient's header has scrolled away: a nurse typing results
 * far down a long page still sees whose chart it is. Fixed, so it takes no room in the page (no shift); hidden
 * from assistive technology, which has the header's own heading.
 */
export function StickyIdentity({ text }: { text: string }) {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const header = document.querySelector('[data-testid="patient-header"]');
    if (!header) return;
    const observer = new IntersectionObserver(([entry]) => setShown(!entry!.isIntersecting));
    observer.observe(header);
    return () => observer.disconnect();
  }, []);
  if (!shown) return null;
  return (
    <div
      aria-hidden="true"
      data-testid="sticky-identity"
      className="fixed inset-x-0 top-0 z-30 border-b border-slate-200 bg-white/95 px-4 py-1.5 text-sm font-semibold shadow-sm print:hidden"
    >
      <div className="mx-auto max-w-7xl truncate">{text}</div>
    </div>
  );
}
