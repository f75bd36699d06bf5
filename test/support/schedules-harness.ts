import { setTimeout as sleep } from 'node:timers/promises';
import type { SlotRow } from '#src/schedules/schedules.schema.js';
import { SlotsRepository } from '#src/schedules/slots.repository.js';
import type { TestApp } from './test-app.js';
import { TEST_BOOTSTRAP_TOKEN } from './test-config.js';

export async function createSchedule(app: TestApp, newsletterId: string, body: Record<string, unknown>): Promise<string> {
  const response = await app.request(`/api/newsletters/${newsletterId}/schedules`, { method: 'POST', token: TEST_BOOTSTRAP_TOKEN, json: body });
  const json = (await response.json()) as { id: string };
  if (response.status !== 201) throw new Error(`creating a schedule failed: ${response.status} ${JSON.stringify(json)}`);
  return json.id;
}

export async function deleteSchedule(app: TestApp, newsletterId: string, id: string): Promise<void> {
  await app.request(`/api/newsletters/${newsletterId}/schedules/${id}`, { method: 'DELETE', token: TEST_BOOTSTRAP_TOKEN });
}

/** Slots of a newsletter, oldest first. */
export async function slotsOf(app: TestApp, newsletterId: string): Promise<SlotRow[]> {
  return (await app.app.get(SlotsRepository).listForNewsletter(newsletterId, 1000)).reverse();
}

/** Waits until the jobs for every claimed slot of the newsletter have run. */
export async function settle(app: TestApp, newsletterId: string): Promise<SlotRow[]> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const slots = await slotsOf(app, newsletterId);
    if (!slots.some((s) => s.status === 'claimed' || s.status === 'processing')) return slots;
    await sleep(100);
  }
  throw new Error(`slots of ${newsletterId} still unprocessed after 20 s`);
}

/** Polls `probe` until it returns a value (jobs run asynchronously). */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}
