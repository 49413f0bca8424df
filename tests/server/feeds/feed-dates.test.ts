import { XMLValidator } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API_ENDPOINTS } from '../../../src/server/api/statuspage.js';
import { historyFeed, type FeedResult } from '../../../src/server/feeds/history-feed.js';
import type { FeedFormat } from '../../../src/server/feeds/render.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, HOUR, incident, maintenance, page } from '../../helpers/fixtures.js';
import { feedParser, xmlText, type XmlNode } from '../../helpers/xml.js';

/**
 * Feed dates: an entry is dated when it was published and last changed, never at a future
 * maintenance window (the W3C validator's "Implausible date"); and an instant already stored
 * from before standard time (New York's −4:56:02 local mean time) still makes valid feeds and
 * API answers, not a 500, "Invalid Date" or a −04:56.0333… offset.
 */
const NOW = Date.UTC(2026, 11, 4, 15, 0);
const CFG = { publicUrl: null, listenUrl: 'http://localhost:4321' };
const RFC3339 = /^[0-9]{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

let t: TempDatabase;
let web: string;
beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme', 'America/New_York', NOW - 100 * DAY);
  web = component(t.db, 'web', 'Website', NOW - 100 * DAY);
});
afterEach(() => t.dispose());

function body(slug: string | null, format: FeedFormat): string {
  const result: FeedResult = historyFeed(t.db, { slug, format }, CFG, NOW);
  if (result.kind !== 'ok') throw new Error(result.message);
  expect(XMLValidator.validate(result.body)).toBe(true);
  return result.body;
}

/** Every date in both feeds (page and component): the feed's own and each entry's. */
function feedDates(slug: string | null): { atom: string[]; rss: string[] } {
  const feed = feedParser.parse(body(slug, 'atom')).feed;
  const entries: XmlNode[] = feed.entry ?? [];
  const channel = feedParser.parse(body(slug, 'rss')).rss.channel;
  const items: XmlNode[] = channel.item ?? [];
  return {
    atom: [xmlText(feed.updated), ...entries.flatMap((e) => [xmlText(e.published), xmlText(e.updated)])],
    rss: [xmlText(channel.lastBuildDate), ...items.map((i) => xmlText(i.pubDate))],
  };
}

describe('feeds date upcoming maintenance when it was announced', () => {
  it.each([null, 'web'])('no date in the %s feeds is in the future', (slug) => {
    const announced = NOW - HOUR;
    maintenance(t.db, {
      title: 'Website migration',
      scheduledFor: NOW + 2 * DAY,
      scheduledUntil: NOW + 2 * DAY + 2 * HOUR,
      componentIds: [web],
      steps: [{ at: announced, status: 'scheduled', body: 'Moving servers.' }],
    });
    const { atom, rss } = feedDates(slug);
    expect(atom.length).toBe(3);
    for (const d of [...atom, ...rss]) expect(Date.parse(d), d).toBeLessThanOrEqual(NOW);
    const entry = feedParser.parse(body(slug, 'atom')).feed.entry;
    expect(Date.parse(xmlText((Array.isArray(entry) ? entry[0] : entry).published))).toBe(announced);
  });
});

describe('an incident stored from before standard time', () => {
  const OLD = Date.parse('1850-06-01T12:00:00Z');
  beforeEach(() => {
    incident(t.db, {
      title: 'Telegraph down',
      startedAt: OLD,
      componentIds: [web],
      timeZone: 'America/New_York',
      steps: [
        { at: OLD, status: 'investigating', body: 'Wires cut.' },
        { at: OLD + HOUR, status: 'resolved', body: 'Spliced.' },
      ],
    });
  });

  it.each([null, 'web'])('leaves the %s feeds valid, with readable dates', (slug) => {
    const { atom, rss } = feedDates(slug);
    for (const d of atom) expect(d).toMatch(RFC3339);
    for (const d of [...atom, ...rss]) {
      expect(d).not.toContain('Invalid');
      expect(Number.isNaN(Date.parse(d)), d).toBe(false);
    }
    expect(atom).toContain(new Date(OLD + HOUR).toISOString());
  });

  it('as one from year 100 gets a well-formed reference', () => {
    const at = Date.parse('0100-01-01T12:00:00Z');
    const { reference } = incident(t.db, { title: 'Roman road closed', startedAt: at, timeZone: 'America/New_York', steps: [{ at, status: 'investigating', body: 'Closed.' }] });
    expect(reference).toBe('INC-01000101-001');
    const { atom, rss } = feedDates(null);
    for (const d of [...atom, ...rss]) expect(Number.isNaN(Date.parse(d)), d).toBe(false);
  });

  it('gives the v2 API RFC 3339 times with whole-minute offsets', () => {
    const text = JSON.stringify(API_ENDPOINTS['v2/incidents.json']!(t.db, CFG, NOW));
    const times = [...text.matchAll(/"(\d{4}-\d{2}-\d{2}T[^"]*)"/g)].map((m) => m[1]!);
    expect(times.length).toBeGreaterThan(0);
    for (const time of times) expect(time).toMatch(RFC3339);
    expect(text).toContain('"1850-06-01T07:04:00.000-04:56"');
  });
});

describe('an incident stored past year 9999', () => {
  it('leaves the feeds valid: dates are pinned to the last instant they can write', () => {
    const at = 8_640_000_000_000_000 - DAY;
    incident(t.db, { title: 'Far ahead', startedAt: at, componentIds: [web], steps: [{ at, status: 'investigating', body: 'Later.' }] });
    const { atom, rss } = feedDates(null);
    for (const d of atom) expect(d).toMatch(RFC3339);
    for (const d of rss) expect(Number.isNaN(Date.parse(d)), d).toBe(false);
    expect(atom).toContain('9999-12-31T23:59:59.999Z');
  });
});
