// In a module of its own: the lists (client) and their skeleton (server) both read it.

/**
 * Both panels' height on wide screens, the skeleton's too: the lists scroll inside it, so their arrival
 * moves nothing (about four results with their review forms show at once; the count above says how
 * many there are). On narrower screens the panels take the height of their lists.
 */
export const ALERT_PANEL_HEIGHT = "lg:h-[32rem]";
