/**
 * Who gives a new setup link. The page cannot know the account behind a token it does not know, so this is
 * right for every account: a dermatologist gives the link of an account that sees patient data, an
 * administrator that of another administrator (lib/data/setup-links.ts).
 */
export const ASK_FOR_A_NEW_LINK =
  "Ask the person who gave it to you for a new one: a dermatologist for a dermatologist's, nurse's or office staff account, an administrator for an administrator's.";
