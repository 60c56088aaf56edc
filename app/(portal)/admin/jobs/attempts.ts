/**
 * A job's attempts as the jobs page says them: which attempt this is, of how many at most, and that a retry
 * follows only a failure ("attempt 2 of up to 7": the first failed and was tried again).
 */
export function attemptsText({ attempts, retryLimit }: { attempts: number; retryLimit: number }): string {
  const most = retryLimit + 1;
  if (attempts === 0) return most === 1 ? "not started yet (not retried)" : `not started yet (up to ${most} attempts, retried only after a failure)`;
  return most === 1 ? `attempt ${attempts} (not retried)` : `attempt ${attempts} of up to ${most} (retried only after a failure)`;
}
