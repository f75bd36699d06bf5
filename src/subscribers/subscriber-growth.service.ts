import { Injectable } from '@nestjs/common';
import { SubscriberGrowthRepository, type DailyGrowth } from './subscriber-growth.repository.js';

export type { DailyGrowth };

/** Every day from `fromDay` to `toDay`, days without events as zeros (a chart needs no gaps). */
@Injectable()
export class SubscriberGrowthService {
  constructor(private readonly repository: SubscriberGrowthRepository) {}

  async daily(fromDay: string, toDay: string): Promise<DailyGrowth[]> {
    const known = new Map((await this.repository.between(fromDay, toDay)).map((row) => [row.day, row]));
    const days: DailyGrowth[] = [];
    for (let day = fromDay; day <= toDay; day = nextDay(day)) days.push(known.get(day) ?? { day, confirmed: 0, unsubscribed: 0 });
    return days;
  }
}

export function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
