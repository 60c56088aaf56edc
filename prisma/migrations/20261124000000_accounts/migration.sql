-- Accounts a user owns: passwords chosen through one-time setup links (never known to an administrator),
-- a TOTP second factor with recovery codes, and server-side sessions that every sign-out path revokes.

-- A user without a password signs in only after choosing one through a setup link.
ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL;
ALTER TABLE "users" ADD COLUMN "password_set_at" TIMESTAMPTZ(3);
ALTER TABLE "users" ADD COLUMN "totp_secret" TEXT;
ALTER TABLE "users" ADD COLUMN "totp_enabled_at" TIMESTAMPTZ(3);
ALTER TABLE "users" ADD COLUMN "totp_last_step" BIGINT;
-- Sessions are rows now; a per-user version no longer decides.
ALTER TABLE "users" DROP COLUMN "session_version";

CREATE TYPE "SessionStage" AS ENUM ('MFA', 'ENROLL', 'ACTIVE');

CREATE TABLE "user_sessions" (
  "id" UUID NOT NULL,
  "user_id" UUID NOT NULL,
  "stage" "SessionStage" NOT NULL,
  "mfa_failures" INTEGER NOT NULL DEFAULT 0,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "expires_at" TIMESTAMPTZ(3) NOT NULL,
  "revoked_at" TIMESTAMPTZ(3),
  "revoked_why" TEXT,
  CONSTRAINT "user_sessions_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "user_sessions_user_id_idx" ON "user_sessions"("user_id");
ALTER TABLE "user_sessions" ADD CONSTRAINT "user_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "recovery_codes" (
  "id" UUID NOT NULL,
  "user_id" UUID NOT NULL,
  "code_hash" TEXT NOT NULL,
  "used_at" TIMESTAMPTZ(3),
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "recovery_codes_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "recovery_codes_user_id_idx" ON "recovery_codes"("user_id");
ALTER TABLE "recovery_codes" ADD CONSTRAINT "recovery_codes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TYPE "SetupLinkPurpose" AS ENUM ('NEW_ACCOUNT', 'PASSWORD_RESET');

CREATE TABLE "setup_links" (
  "id" UUID NOT NULL,
  "user_id" UUID NOT NULL,
  "purpose" "SetupLinkPurpose" NOT NULL,
  "token_hash" TEXT NOT NULL,
  "created_by_id" UUID,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "expires_at" TIMESTAMPTZ(3) NOT NULL,
  "used_at" TIMESTAMPTZ(3),
  "replaced_at" TIMESTAMPTZ(3),
  CONSTRAINT "setup_links_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "setup_links_token_hash_key" ON "setup_links"("token_hash");
CREATE INDEX "setup_links_user_id_idx" ON "setup_links"("user_id");
ALTER TABLE "setup_links" ADD CONSTRAINT "setup_links_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "setup_links" ADD CONSTRAINT "setup_links_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- One row. A new clinic requires a second factor of dermatologists and administrators.
CREATE TABLE "security_policy" (
  "id" INTEGER NOT NULL DEFAULT 1,
  "mfa_required_roles" "Role"[],
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_by_id" UUID,
  CONSTRAINT "security_policy_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "security_policy_one_row" CHECK ("id" = 1)
);
INSERT INTO "security_policy" ("id", "mfa_required_roles") VALUES (1, ARRAY['DERMATOLOGIST', 'ADMIN']::"Role"[]);
