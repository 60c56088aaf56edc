import type { LinkGone } from "@/lib/data/setup-links";

/**
 * Who gives a new setup link. The page cannot know the account behind a token it does not know, so this is
 * right for every account: a dermatologist gives the link of an account that sees patient data, an
 * administrator that of another administrator (lib/data/setup-links.ts).
 */
export const ASK_FOR_A_NEW_LINK =
  "Ask the person who gave it to you for a new one: a dermatologist for a dermatologist's, nurse's or office staff account, an administrator for an administrator's.";

/** Why a link no longer works, as its page says it (before who gives a new one). */
export const LINK_GONE_TEXT: Record<LinkGone, string> = {
  unknown: "This link does not work: it may not have been copied whole, or no longer applies to its account.",
  used: "This link has already been used.",
  expired: "This link has expired.",
  replaced: "This link was replaced by a newer one.",
  password_reset: "This link was withdrawn: an administrator reset the account's password after it was given.",
  role_change: "This link was withdrawn: an administrator changed the account's role after it was given.",
  account_disabled: "This link was withdrawn: the account was disabled after it was given.",
  giver_left: "This link was withdrawn: whoever gave it can no longer give setup links.",
  ended: "This link was replaced by a newer one, or withdrawn by a change to the account.",
};
