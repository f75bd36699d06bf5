import type { DailyGrowth } from '#src/subscribers/subscriber-growth.service.js';

export interface GrowthChart {
  width: number;
  height: number;
  /** `x,y x,y …` for SVG polylines. */
  confirmedPoints: string;
  unsubscribedPoints: string;
  /** Horizontal grid lines with their value (0, half, max). */
  gridLines: { y: number; value: number }[];
  /** A few day labels along the bottom. */
  dayLabels: { x: number; day: string; anchor: 'start' | 'middle' | 'end' }[];
  plot: { left: number; right: number; top: number; bottom: number };
  totals: { confirmed: number; unsubscribed: number };
  from: string;
  to: string;
  /** Newest first, for the table alternative. */
  rows: DailyGrowth[];
}

const WIDTH = 720;
const HEIGHT = 220;
const PLOT = { left: 48, right: WIDTH - 12, top: 12, bottom: HEIGHT - 28 };

/** A "nice" axis maximum: 1, 2 or 5 times a power of ten, at least the largest value. */
export function niceMax(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/**
 * Geometry of the 90-day chart, computed on the server: the template only draws it (SVG with
 * classes; the stylesheet colours it for light and dark). No chart library, no script.
 */
export function buildGrowthChart(days: readonly DailyGrowth[]): GrowthChart {
  const max = niceMax(Math.max(0, ...days.map((d) => Math.max(d.confirmed, d.unsubscribed))));
  const span = Math.max(1, days.length - 1);
  const x = (i: number) => round(PLOT.left + ((PLOT.right - PLOT.left) * i) / span);
  const y = (value: number) => round(PLOT.bottom - ((PLOT.bottom - PLOT.top) * value) / max);
  const points = (pick: (d: DailyGrowth) => number) => days.map((d, i) => `${x(i)},${y(pick(d))}`).join(' ');
  const labelAt = [0, Math.floor(days.length / 2), days.length - 1].filter((i, k, all) => i >= 0 && all.indexOf(i) === k);
  return {
    width: WIDTH,
    height: HEIGHT,
    confirmedPoints: points((d) => d.confirmed),
    unsubscribedPoints: points((d) => d.unsubscribed),
    gridLines: [0, max / 2, max].map((value) => ({ y: y(value), value })),
    dayLabels: labelAt.map((i, k) => ({ x: x(i), day: days[i]?.day ?? '', anchor: k === 0 ? 'start' : k === labelAt.length - 1 ? 'end' : 'middle' })),
    plot: PLOT,
    totals: { confirmed: sum(days, (d) => d.confirmed), unsubscribed: sum(days, (d) => d.unsubscribed) },
    from: days[0]?.day ?? '',
    to: days.at(-1)?.day ?? '',
    rows: [...days].reverse(),
  };
}

const round = (n: number): number => Math.round(n * 10) / 10;
const sum = (days: readonly DailyGrowth[], pick: (d: DailyGrowth) => number): number => days.reduce((total, d) => total + pick(d), 0);
