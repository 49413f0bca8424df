/**
 * Render time of /history pages when the history reaches far back (an incident stored in year
 * 100, before dates were bounded) or is empty: each page used to walk every three-month window
 * back to the oldest event, one count query each. Prints the median and worst of a sample of
 * page numbers. `npm run bench:history`
 */
import { performance } from 'node:perf_hooks';
import { historyPageView } from '../../src/server/views/history-page.js';
import { tempDatabase } from '../helpers/db.js';
import { component, DAY, HOUR, incident, page } from '../helpers/fixtures.js';

const NOW = Date.UTC(2026, 11, 4, 15, 0);
const SAMPLES = 40;

function measure(label: string, setup: (db: ReturnType<typeof tempDatabase>['db']) => void): void {
  const t = tempDatabase();
  try {
    page(t.db, 'Acme', 'America/New_York', NOW - 400 * DAY);
    setup(t.db);
    const first = historyPageView(t.db, null, NOW);
    const pages = first.kind === 'ok' ? first.view.pager.pages : 1;
    // Page numbers spread over the whole range, plus past its end.
    const numbers = Array.from({ length: SAMPLES }, (_, i) => 1 + Math.floor((i * (pages + 50)) / SAMPLES));
    const times = numbers.map((n) => {
      const start = performance.now();
      const v = historyPageView(t.db, String(n), NOW);
      if (v.kind !== 'ok') throw new Error(`page ${n}: ${v.kind}`);
      return performance.now() - start;
    });
    times.sort((a, b) => a - b);
    console.log(`${label}: ${pages} pages; median ${times[SAMPLES >> 1]!.toFixed(2)} ms, worst ${times[SAMPLES - 1]!.toFixed(2)} ms over ${SAMPLES} pages`);
  } finally {
    t.dispose();
  }
}

const recent = (db: ReturnType<typeof tempDatabase>['db'], web: string): void => {
  for (let d = 1; d <= 300; d += 3) {
    const at = NOW - d * DAY;
    incident(db, { title: `Incident ${d}`, startedAt: at, componentIds: [web], timeZone: 'America/New_York', steps: [{ at, status: 'investigating', body: 'Looking.' }, { at: at + HOUR, status: 'resolved', body: 'Fixed.' }] });
  }
};

measure('empty history', () => {});
measure('100 incidents over 10 months', (db) => recent(db, component(db, 'web', 'Website', NOW - 400 * DAY)));
measure('same plus one stored in year 100', (db) => {
  const web = component(db, 'web', 'Website', NOW - 400 * DAY);
  recent(db, web);
  const at = Date.parse('0100-01-01T12:00:00Z');
  incident(db, { title: 'Roman road closed', startedAt: at, componentIds: [web], timeZone: 'America/New_York', steps: [{ at, status: 'investigating', body: 'Closed.' }, { at: at + HOUR, status: 'resolved', body: 'Open.' }] });
});
measure('same plus one stored in 1850', (db) => {
  const web = component(db, 'web', 'Website', NOW - 400 * DAY);
  recent(db, web);
  const at = Date.parse('1850-06-01T12:00:00Z');
  incident(db, { title: 'Telegraph down', startedAt: at, componentIds: [web], timeZone: 'America/New_York', steps: [{ at, status: 'investigating', body: 'Cut.' }, { at: at + HOUR, status: 'resolved', body: 'Spliced.' }] });
});
