import { hash, verify } from "@node-rs/argon2";

// argon2id with OWASP's recommended minimums (19 MiB, 2 iterations, 1 lane).
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Verified against for unknown accounts so that both answers take the same time.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$iFZiGLXMCdZGlqgN6iJcxg$l+EkP5gVp91PqG3BhDvFB5wNwhOo2rVezGS1lTiWxMQ";

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  try {
    const ok = await verify(passwordHash ?? DUMMY_HASH, password);
    return passwordHash !== null && ok;
  } catch {
    return false;
  }
}
