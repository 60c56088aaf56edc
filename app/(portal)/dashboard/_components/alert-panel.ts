// In a module of its own: the lists (client) and their skeleton (server) both read it.

/** Both panels' height, the skeleton's too: the lists scroll inside it, so their arrival moves nothing. */
export const ALERT_PANEL_HEIGHT = "h-80";
