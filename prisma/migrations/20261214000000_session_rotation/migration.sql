-- A sign-in completed at its second step continues under a new session id (lib/auth/sessions.ts
-- rotateSession); the new row names the one it replaced, and a token may move only along that link,
-- once (rotation_claimed_at).
ALTER TABLE "user_sessions" ADD COLUMN "rotated_from_id" UUID;
ALTER TABLE "user_sessions" ADD COLUMN "rotation_claimed_at" TIMESTAMPTZ(3);
CREATE UNIQUE INDEX "user_sessions_rotated_from_id_key" ON "user_sessions"("rotated_from_id");
