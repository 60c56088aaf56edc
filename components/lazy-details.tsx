"use client";

import { useEffect, useRef, useState } from "react";

/**
 * Opens a <details> named by a link, scrolls it to the top of the view (below the patient's identity bar:
 * scroll-padding-top in globals.css) and focuses its summary, the heading of the form it holds, for the
 * keyboard to go on from there and a screen reader to read where it landed.
 */
function reveal(details: HTMLDetailsElement) {
  details.open = true;
  details.scrollIntoView({ block: "start" });
  details.querySelector("summary")?.focus({ preventScroll: true });
}

/**
 * For an in-page link's click (`href` ending in "#id"): reveals the <details> it names first. A link to the page
 * already shown fires no hashchange, which LazyDetails listens for.
 */
export function openNamedDetails(href: string) {
  const target = document.getElementById(href.split("#")[1] ?? "");
  if (target instanceof HTMLDetailsElement) reveal(target);
}

/**
 * A <details> whose content is rendered the first time it is opened, and kept from then on (with any
 * form state inside it): a page of many rows, each with forms behind a summary, sends and renders only
 * the summaries. Opened before the page was interactive, it renders its content as soon as it is. With an
 * `id`, an address naming it (#id) opens it, scrolled into view with its summary focused, on arrival and on a
 * change of the address's anchor. On a full load (a new tab, a reload) the browser's own scroll to the anchor
 * does nothing: the section it is in streams in hidden and is put in place by script after the page has loaded.
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
      if (ref.current && window.location.hash === `#${id}`) reveal(ref.current);
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
