import { setTimeout as sleep } from 'node:timers/promises';

/** Polls until `check` returns a value; the deadline only guards against hanging forever. */
export async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, what: string, deadlineMs = 30_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
