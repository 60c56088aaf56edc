"use client";

import { useEffect, useRef, useState } from "react";

/**
 * A <details> whose content is rendered the first time it is opened, and kept from then on (with any
 * form state inside it): a page of many rows, each with forms behind a summary, sends and renders only
 * the summaries. Opened before the page was interactive, it renders its content as soon as it is. With an
 * `id`, an address naming it (#id) opens it, on arrival and on a change of the address's anchor.
 */
export function LazyDetails({
  summary,
  children,
  className,
  summaryClassName = "cursor-pointer text-sm font-medium text-brand-700",
  bodyClassName,
  testId,
  formOnly = false,
  id,
}: {
  summary: React.ReactNode;
  children: React.ReactNode;
  className?: string;
  summaryClassName?: string;
  /** A wrapper around the content; without it the content is placed as it is. */
  bodyClassName?: string;
  testId?: string;
  /** Its content is a form: left off the printed page (globals.css), as a collapsed form panel is. */
  formOnly?: boolean;
  /** The element's id, for a link to it (e.g. "/patients/…#change-dose-…"). */
  id?: string;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  const [opened, setOpened] = useState(false);
  useEffect(() => {
    if (ref.current?.open) setOpened(true);
  }, []);
  useEffect(() => {
    if (!id) return;
    const openIfNamed = () => {
      if (ref.current && window.location.hash === `#${id}`) ref.current.open = true;
    };
    openIfNamed();
    window.addEventListener("hashchange", openIfNamed);
    return () => window.removeEventListener("hashchange", openIfNamed);
  }, [id]);
  const body = bodyClassName ? <div className={bodyClassName}>{children}</div> : children;
  return (
    <details
      ref={ref}
      id={id}
      className={className}
      data-testid={testId}
      data-print={formOnly ? "hide" : undefined}
      onToggle={(e) => e.currentTarget.open && setOpened(true)}
    >
      <summary className={summaryClassName}>{summary}</summary>
      {opened ? body : null}
    </details>
  );
}
