import { Injectable } from '@nestjs/common';

/**
 * Wakes this process's idle delivery lanes when it has just queued deliveries itself, so a send
 * starts at once instead of after DELIVERY_POLL_MS. Other processes still find the rows by polling.
 */
@Injectable()
export class DeliveryWakeup {
  private sleepers = new Set<() => void>();

  notify(): void {
    const woken = this.sleepers;
    this.sleepers = new Set();
    for (const wake of woken) wake();
  }

  /** Waits up to `ms`, less when notified or aborted. Never rejects. */
  idle(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.sleepers.add(done);
    });
  }
}
