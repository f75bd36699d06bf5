import { Clock } from '#src/system/clock.js';

/** A clock tests set and move by hand. */
export class ManualClock extends Clock {
  private current: Date;

  constructor(start: string | Date = '2026-01-01T00:00:00Z') {
    super();
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: string | Date): void {
    this.current = new Date(at);
  }

  advanceMinutes(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
}
