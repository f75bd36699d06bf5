import { buildGrowthChart, niceMax } from './growth-chart.js';

describe('growth chart', () => {
  it.each([
    [0, 1],
    [1, 1],
    [7, 10],
    [13, 20],
    [200, 200],
    [201, 500],
    [4999, 5000],
  ])('rounds an axis maximum of %d up to %d', (value, expected) => {
    expect(niceMax(value)).toBe(expected);
  });

  it('draws both series across the plot, highest value at the top', () => {
    const chart = buildGrowthChart([
      { day: '2026-11-29', confirmed: 0, unsubscribed: 1 },
      { day: '2026-11-30', confirmed: 10, unsubscribed: 0 },
      { day: '2026-12-01', confirmed: 5, unsubscribed: 2 },
    ]);
    const confirmed = chart.confirmedPoints.split(' ').map((p) => p.split(',').map(Number));
    expect(confirmed.map(([x]) => x)).toEqual([chart.plot.left, (chart.plot.left + chart.plot.right) / 2, chart.plot.right]);
    expect(confirmed[1]?.[1]).toBe(chart.plot.top);
    expect(confirmed[0]?.[1]).toBe(chart.plot.bottom);
    expect(chart.totals).toEqual({ confirmed: 15, unsubscribed: 3 });
    expect(chart.dayLabels.map((l) => l.day)).toEqual(['2026-11-29', '2026-11-30', '2026-12-01']);
    expect(chart.rows[0]?.day).toBe('2026-12-01');
  });

  it('copes with a single day and with no events at all', () => {
    const chart = buildGrowthChart([{ day: '2026-12-01', confirmed: 0, unsubscribed: 0 }]);
    expect(chart.confirmedPoints).toBe(`${chart.plot.left},${chart.plot.bottom}`);
    expect(chart.gridLines.map((g) => g.value)).toEqual([0, 0.5, 1]);
  });
});
