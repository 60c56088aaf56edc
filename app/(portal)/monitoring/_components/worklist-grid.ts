// In a module of its own: the page (a server component) and the card (a client component) both read it,
// and a client module's exports reach server code only as references, never as values.

/** Grid columns shared by the header and every patient, from the md breakpoint; below it each patient stacks. */
export const WORKLIST_GRID =
  "md:grid md:grid-cols-[1.5rem_minmax(0,1.4fr)_minmax(0,0.8fr)_minmax(0,1.2fr)_minmax(0,2.2fr)_minmax(0,0.9fr)_minmax(0,1fr)_minmax(0,1fr)] md:gap-3";
