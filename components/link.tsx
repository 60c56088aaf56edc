import NextLink from "next/link";
import type { ComponentProps } from "react";

/**
 * The application's link: Next's client-side navigation, never prefetched. Next's own default prefetches
 * every link as it scrolls into view, and on these pages every link leads to a page rendered per request
 * for its viewer: one dashboard view in Chromium sent 40 or more prefetch requests, each running the
 * portal's layout (session, patient, queue count), about 330–420 ms of server CPU against about 25 ms for
 * the page itself (README, "Performance"). A click still navigates without reloading the page; the next
 * page's skeleton streams from the server instead of from a prefetched copy. The lint forbids importing
 * next/link anywhere else.
 */
export default function Link(props: Omit<ComponentProps<typeof NextLink>, "prefetch">) {
  return <NextLink {...props} prefetch={false} />;
}
