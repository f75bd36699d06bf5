import { DeliveryWakeup } from './delivery-wakeup.js';

describe('DeliveryWakeup', () => {
  it('ends every idle wait on notify, long before its timeout', async () => {
    const wakeup = new DeliveryWakeup();
    const signal = new AbortController().signal;
    const waits = [wakeup.idle(60_000, signal), wakeup.idle(60_000, signal)];
    wakeup.notify();
    await expect(Promise.all(waits)).resolves.toEqual([undefined, undefined]);
  });

  it('ends an idle wait on abort', async () => {
    const wakeup = new DeliveryWakeup();
    const stop = new AbortController();
    const wait = wakeup.idle(60_000, stop.signal);
    stop.abort();
    await expect(wait).resolves.toBeUndefined();
  });
});
