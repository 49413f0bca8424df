import { describe, expect, it } from 'vitest';
import type { BarView } from '../../../src/server/views/component-tree.js';
import { BAR_DASHES, BAR_PITCH, BAR_WIDTH, uptimeBarsView, uptimeChartView, type UptimeBarsView } from '../../../src/server/views/uptime-bars.js';

/** 90 days from Aug 25, 2026; `levels` overrides some by index, the rest operational. */
function bars(levels: Record<number, BarView['level']> = {}): BarView[] {
  return Array.from({ length: 90 }, (_, i) => {
    const day = new Date(Date.UTC(2026, 7, 25 + i)).toISOString().slice(0, 10);
    const level = levels[i] ?? 'operational';
    return { day, level, summary: `${day}: ${level}`, uptime: level === 'major_outage' ? '95%' : '100%', eventIds: level === 'major_outage' ? ['ev1', 'ev2'] : [] };
  });
}

/**
 * The days a run path draws, by index: each `M{x} {y}h{length}` is a dashed line of bars from x,
 * one every BAR_PITCH, ending on a whole bar.
 */
function daysDrawn(d: string): number[] {
  const days: number[] = [];
  for (const [, x, length] of d.matchAll(/M(\d+) 16h(\d+)/g)) {
    const n = (Number(length) + BAR_PITCH - BAR_WIDTH) / BAR_PITCH;
    expect(Number.isInteger(n)).toBe(true);
    for (let k = 0; k < n; k++) days.push(Number(x) / BAR_PITCH + k);
  }
  expect(d.replace(/M\d+ 16h\d+/g, '')).toBe('');
  return days;
}

/** Which level each of the 90 days is drawn in, from the marks and the run paths. */
function drawnLevels(v: UptimeBarsView): string[] {
  const out: string[] = [];
  for (const r of v.runs) for (const i of daysDrawn(r.d)) out[i] = out[i] ? 'twice' : r.level;
  for (const m of v.marks) out[m.x / BAR_PITCH] = out[m.x / BAR_PITCH] ? 'twice' : m.level;
  return out;
}

describe('uptimeBarsView', () => {
  it('draws a quiet 90 days as one run: one path, no per-day elements', () => {
    const v = uptimeBarsView(bars());
    expect(v.width).toBe(90 * 6 - 2);
    expect(v.marks).toEqual([]);
    expect(v.runs).toEqual([{ level: 'operational', d: 'M0 16h538', days: 90, title: 'No downtime recorded on 90 days' }]);
    expect(BAR_DASHES).toBe('4 2');
  });

  it('gives each day worth explaining its own bar with its summary, and every day is drawn exactly once', () => {
    const input = bars({ 0: 'none', 1: 'none', 40: 'major_outage', 41: 'degraded_performance', 60: 'under_maintenance', 89: 'partial_outage' });
    const v = uptimeBarsView(input);
    expect(v.marks).toEqual([
      { x: 240, level: 'major_outage', day: '2026-10-04', summary: '2026-10-04: major_outage', uptime: '95%', events: 'ev1 ev2' },
      { x: 246, level: 'degraded_performance', day: '2026-10-05', summary: '2026-10-05: degraded_performance', uptime: '100%', events: '' },
      { x: 360, level: 'under_maintenance', day: '2026-10-24', summary: '2026-10-24: under_maintenance', uptime: '100%', events: '' },
      { x: 534, level: 'partial_outage', day: '2026-11-22', summary: '2026-11-22: partial_outage', uptime: '100%', events: '' },
    ]);
    expect(v.runs.map((r) => [r.level, r.days, r.title])).toEqual([
      ['operational', 84, 'No downtime recorded on 84 days'],
      ['none', 2, 'No data for 2 days'],
    ]);
    // Quiet days between the marks are separate runs of the one path.
    expect(v.runs[0]!.d).toBe('M12 16h226M252 16h106M366 16h166');
    expect(drawnLevels(v)).toEqual(input.map((b) => b.level));
  });

  it('keeps alternating levels apart, whatever the pattern', () => {
    const cycle: BarView['level'][] = ['operational', 'none', 'major_outage', 'none', 'none', 'operational', 'partial_outage'];
    const input = bars(Object.fromEntries(Array.from({ length: 90 }, (_, i) => [i, cycle[(i * 7 + (i >> 2)) % cycle.length]!])));
    const v = uptimeBarsView(input);
    expect(drawnLevels(v)).toEqual(input.map((b) => b.level));
    expect(v.runs.reduce((n, r) => n + r.days, 0) + v.marks.length).toBe(90);
  });

  it('draws nothing for no days', () => {
    expect(uptimeBarsView([])).toEqual({ width: 0, runs: [], marks: [] });
  });
});

describe('uptimeChartView', () => {
  it('adds the words around the drawing: what a screen reader says, the first day, the figure', () => {
    const input = bars({ 3: 'major_outage' });
    const v = uptimeChartView(input, 'API', '99.12%', '99.80%', (day) => `day ${day}`);
    expect(v).toEqual({
      ...uptimeBarsView(input),
      label: 'API: 99.12% uptime over the last 90 days',
      from: 'day 2026-08-25',
      uptime: '99.12%',
      firstDay: '2026-08-25',
      // Phones show the last 30 days: from the 61st day on.
      from30: 'day 2026-10-24',
      uptime30: '99.80%',
    });
  });

  it('has no first day for no days', () => {
    expect(uptimeChartView([], 'API', 'No data', 'No data', () => 'never').from).toBe('');
  });
});
