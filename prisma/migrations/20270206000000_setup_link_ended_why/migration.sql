-- Why a setup link stopped working unused, for its page to say: replaced by a newer link, or withdrawn by a
-- password reset, a change of role, the account disabled, or its giver leaving. Links replaced before by a newer
-- one are known (the newer link was made at the instant the older was replaced); other ended links keep no reason.
CREATE TYPE "SetupLinkEnd" AS ENUM ('REPLACED', 'PASSWORD_RESET', 'ROLE_CHANGE', 'ACCOUNT_DISABLED', 'GIVER_LEFT');

ALTER TABLE "setup_links" ADD COLUMN "ended_why" "SetupLinkEnd";

UPDATE "setup_links" AS s
SET "ended_why" = 'REPLACED'
WHERE s."replaced_at" IS NOT NULL
  AND EXISTS (SELECT 1 FROM "setup_links" AS n WHERE n."user_id" = s."user_id" AND n."id" <> s."id" AND n."created_at" = s."replaced_at");
