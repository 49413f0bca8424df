import { XMLValidator } from 'fast-xml-parser';
import { feedParser, xmlText, type XmlNode } from '../../helpers/xml.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FEED_ENTRIES,
  feedFormat,
  feedResponse,
  historyFeed,
  type FeedResult,
} from '../../../src/server/feeds/history-feed.js';
import type { FeedFormat } from '../../../src/server/feeds/render.js';
import type { Config } from '../../../src/server/config.js';
import { publishPostmortem } from '../../../src/server/write/postmortem.js';
import { updatePageSettings } from '../../../src/server/write/settings.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, group, HOUR, incident, maintenance, MINUTE, page } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);
const CREATED = NOW - 100 * DAY;
const T0 = NOW - 30 * DAY;
const LISTEN = 'http://localhost:4321';
const CFG: Pick<Config, 'publicUrl' | 'listenUrl'> = { publicUrl: null, listenUrl: LISTEN };


let t: TempDatabase;
let ids: { api: string; rest: string; graphql: string; website: string };
beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme', 'UTC', CREATED);
  const api = group(t.db, 'api', 'API', CREATED, 1);
  ids = {
    api,
    rest: component(t.db, 'rest', 'REST', CREATED, { groupId: api, position: 1 }),
    graphql: component(t.db, 'graphql', 'GraphQL', CREATED, { groupId: api, position: 2 }),
    website: component(t.db, 'website', 'Website', CREATED, { position: 2 }),
  };
});
afterEach(() => t.dispose());

/** A closed incident on the given components, started at `at`, resolved an hour later. */
function closedIncident(title: string, at: number, componentIds: string[]): string {
  return incident(t.db, {
    title,
    startedAt: at,
    componentIds,
    steps: [
      { at, status: 'investigating', body: `${title}: looking.` },
      { at: at + HOUR, status: 'resolved', body: `${title}: fixed.` },
    ],
  }).id;
}

/** Three closed incidents, one per leaf component, REST oldest. */
function threeIncidents(): { rest: string; graphql: string; website: string } {
  return {
    rest: closedIncident('REST errors', T0, [ids.rest]),
    graphql: closedIncident('GraphQL slow', T0 + DAY, [ids.graphql]),
    website: closedIncident('Website down', T0 + 2 * DAY, [ids.website]),
  };
}

function ok(result: FeedResult): { body: string; contentType: string } {
  if (result.kind !== 'ok') throw new Error(`expected a feed, got ${result.kind}: ${result.message}`);
  expect(XMLValidator.validate(result.body)).toBe(true);
  return result;
}

function rssOf(slug: string | null, cfg = CFG, now = NOW) {
  const channel = feedParser.parse(ok(historyFeed(t.db, { slug, format: 'rss' }, cfg, now)).body).rss.channel;
  const items: XmlNode[] = channel.item ?? [];
  return {
    channel,
    titles: items.map((i) => xmlText(i.title)),
    guids: items.map((i) => xmlText(i.guid)),
    links: items.map((i) => xmlText(i.link[0])),
    self: channel['atom:link'].find((l: XmlNode) => l['@_rel'] === 'self')['@_href'] as string,
  };
}

function atomOf(slug: string | null, cfg = CFG, now = NOW) {
  const feed = feedParser.parse(ok(historyFeed(t.db, { slug, format: 'atom' }, cfg, now)).body).feed;
  const entries: XmlNode[] = feed.entry ?? [];
  return {
    feed,
    titles: entries.map((e) => xmlText(e.title)),
    ids: entries.map((e) => xmlText(e.id)),
    self: feed.link.find((l: XmlNode) => l['@_rel'] === 'self')['@_href'] as string,
    alternate: feed.link.find((l: XmlNode) => l['@_rel'] === 'alternate')['@_href'] as string,
  };
}

describe('historyFeed for the whole page', () => {
  it('lists every event newest first, in both formats', () => {
    const e = threeIncidents();
    const rss = rssOf(null);
    expect(rss.titles).toEqual(['Website down', 'GraphQL slow', 'REST errors']);
    expect(rss.guids).toEqual([e.website, e.graphql, e.rest].map((id) => `${LISTEN}/incidents/${id}`));
    expect(rss.links).toEqual(rss.guids);
    const atom = atomOf(null);
    expect(atom.titles).toEqual(['Website down', 'GraphQL slow', 'REST errors']);
    expect(atom.ids).toEqual(rss.guids);
  });

  it('is titled after the page and links to it and to itself', () => {
    threeIncidents();
    const rss = rssOf(null);
    expect(xmlText(rss.channel.title)).toBe('Acme status');
    expect(xmlText(rss.channel.link[0])).toBe(`${LISTEN}/`);
    expect(rss.self).toBe(`${LISTEN}/history.rss`);
    const atom = atomOf(null);
    expect(xmlText(atom.feed.title)).toBe('Acme status');
    expect(atom.alternate).toBe(`${LISTEN}/`);
    expect(atom.self).toBe(`${LISTEN}/history.atom`);
  });

  it(`holds at most ${FEED_ENTRIES} events, the newest`, () => {
    expect(FEED_ENTRIES).toBe(50);
    for (let i = 0; i < 55; i++) closedIncident(`Incident ${i}`, T0 + i * HOUR * 3, [ids.rest]);
    const expected = Array.from({ length: 50 }, (_, k) => `Incident ${54 - k}`);
    expect(rssOf(null).titles).toEqual(expected);
    expect(atomOf(null).titles).toEqual(expected);
    // A component's feed is capped the same way.
    expect(rssOf('rest').titles).toEqual(expected);
  });

  it('includes upcoming maintenance, ahead of past events', () => {
    threeIncidents();
    maintenance(t.db, {
      title: 'Website migration',
      scheduledFor: NOW + 2 * DAY,
      scheduledUntil: NOW + 2 * DAY + 2 * HOUR,
      componentIds: [ids.website],
      steps: [{ at: NOW - HOUR, status: 'scheduled', body: 'Moving.' }],
    });
    expect(rssOf(null).titles).toEqual(['Website migration', 'Website down', 'GraphQL slow', 'REST errors']);
  });

  it('is a valid, empty feed dated at the last settings change when nothing was reported', () => {
    const rss = rssOf(null);
    expect(rss.titles).toEqual([]);
    expect(xmlText(rss.channel.lastBuildDate)).toBe(new Date(CREATED).toUTCString());
    const atom = atomOf(null);
    expect(atom.titles).toEqual([]);
    expect(xmlText(atom.feed.updated)).toBe(new Date(CREATED).toISOString());
  });

  it('is dated at its newest change', () => {
    const id = closedIncident('Old', T0, [ids.rest]);
    closedIncident('New', T0 + DAY, [ids.rest]);
    expect(xmlText(atomOf(null).feed.updated)).toBe(new Date(T0 + DAY + HOUR).toISOString());
    // The postmortem of the older incident becomes the newest change of all.
    publishPostmortem(t.db, id, 'Root cause.', T0 + 3 * DAY);
    expect(xmlText(atomOf(null).feed.updated)).toBe(new Date(T0 + 3 * DAY).toISOString());
    expect(xmlText(rssOf(null).channel.lastBuildDate)).toBe(new Date(T0 + 3 * DAY).toUTCString());
  });

  it('is not dated in the future by upcoming maintenance', () => {
    closedIncident('Past', T0, [ids.rest]);
    const announced = NOW - HOUR;
    maintenance(t.db, {
      title: 'Website migration',
      scheduledFor: NOW + 2 * DAY,
      scheduledUntil: NOW + 2 * DAY + 2 * HOUR,
      componentIds: [ids.website],
      steps: [{ at: announced, status: 'scheduled', body: 'Moving.' }],
    });
    // The newest change is the announcement: nothing in the feed has happened later.
    expect(xmlText(atomOf(null).feed.updated)).toBe(new Date(announced).toISOString());
    expect(xmlText(rssOf(null).channel.lastBuildDate)).toBe(new Date(announced).toUTCString());
  });
});

describe('historyFeed for a component', () => {
  it('holds only the events affecting that component', () => {
    const e = threeIncidents();
    const graphql = rssOf('graphql');
    expect(graphql.titles).toEqual(['GraphQL slow']);
    expect(graphql.guids).toEqual([`${LISTEN}/incidents/${e.graphql}`]);
    expect(atomOf('website').titles).toEqual(['Website down']);
    expect(atomOf('rest').titles).toEqual(['REST errors']);
  });

  it('is titled after the component and links to its page and its own feed', () => {
    threeIncidents();
    const rss = rssOf('graphql');
    expect(xmlText(rss.channel.title)).toBe('GraphQL · Acme status');
    expect(xmlText(rss.channel.link[0])).toBe(`${LISTEN}/components/graphql`);
    expect(rss.self).toBe(`${LISTEN}/components/graphql/history.rss`);
    const atom = atomOf('graphql');
    expect(atom.alternate).toBe(`${LISTEN}/components/graphql`);
    expect(atom.self).toBe(`${LISTEN}/components/graphql/history.atom`);
  });

  it("of a group holds its children's events, each once", () => {
    threeIncidents();
    closedIncident('Both APIs', T0 + 3 * DAY, [ids.rest, ids.graphql]);
    expect(rssOf('api').titles).toEqual(['Both APIs', 'GraphQL slow', 'REST errors']);
    expect(atomOf('api').titles).toEqual(['Both APIs', 'GraphQL slow', 'REST errors']);
  });

  it('is empty but valid for a component nothing happened to', () => {
    component(t.db, 'cdn', 'CDN', CREATED, { position: 3 });
    threeIncidents();
    expect(rssOf('cdn').titles).toEqual([]);
    expect(atomOf('cdn').titles).toEqual([]);
  });

  it.each<FeedFormat>(['rss', 'atom'])('answers not_found with a message naming an unknown slug (%s)', (format) => {
    threeIncidents();
    expect(historyFeed(t.db, { slug: 'nope', format }, CFG, NOW)).toEqual({
      kind: 'not_found',
      message: 'There is no component called “nope”.',
    });
  });
});

describe('historyFeed base URL', () => {
  let id: string;
  beforeEach(() => {
    id = closedIncident('REST errors', T0, [ids.rest]);
  });

  it('is PUBLIC_URL when configured, whatever the page settings say', () => {
    updatePageSettings(t.db, { url: 'https://page.example.org/status' }, CREATED);
    const cfg = { publicUrl: 'https://public.example.com', listenUrl: LISTEN };
    expect(rssOf(null, cfg).guids).toEqual([`https://public.example.com/incidents/${id}`]);
    expect(rssOf(null, cfg).self).toBe('https://public.example.com/history.rss');
    expect(atomOf('rest', cfg).ids).toEqual([`https://public.example.com/incidents/${id}`]);
    expect(atomOf('rest', cfg).self).toBe('https://public.example.com/components/rest/history.atom');
  });

  it("is the page's configured URL, with its path, when PUBLIC_URL is not set", () => {
    updatePageSettings(t.db, { url: 'https://page.example.org/status/' }, CREATED);
    expect(rssOf(null).guids).toEqual([`https://page.example.org/status/incidents/${id}`]);
    expect(atomOf(null).self).toBe('https://page.example.org/status/history.atom');
    expect(atomOf(null).alternate).toBe('https://page.example.org/status/');
  });

  it('is where the server listens when nothing is configured', () => {
    expect(rssOf(null).guids).toEqual([`${LISTEN}/incidents/${id}`]);
    const other = { publicUrl: null, listenUrl: 'http://[::1]:8080' };
    expect(atomOf(null, other).ids).toEqual([`http://[::1]:8080/incidents/${id}`]);
  });

  it('skips a page URL that is not http(s) or not a URL', () => {
    updatePageSettings(t.db, { url: 'javascript:alert(1)' }, CREATED);
    expect(rssOf(null).guids).toEqual([`${LISTEN}/incidents/${id}`]);
    updatePageSettings(t.db, { url: 'status.example.com' }, CREATED);
    expect(rssOf(null).guids).toEqual([`${LISTEN}/incidents/${id}`]);
  });
});

describe('historyFeed and the clock', () => {
  it('gives byte-identical output for the same data at any time, when nothing is open', () => {
    const e = threeIncidents();
    publishPostmortem(t.db, e.rest, 'Root cause.', T0 + 5 * DAY);
    for (const format of ['rss', 'atom'] as const) {
      for (const slug of [null, 'api', 'rest']) {
        const a = ok(historyFeed(t.db, { slug, format }, CFG, NOW)).body;
        const b = ok(historyFeed(t.db, { slug, format }, CFG, NOW + 90 * DAY + 7 * MINUTE)).body;
        const c = ok(historyFeed(t.db, { slug, format }, CFG, NOW - 20 * DAY)).body;
        expect(a).toContain('REST errors');
        expect(b).toBe(a);
        expect(c).toBe(a);
      }
    }
  });
});

describe('feedFormat', () => {
  it.each([
    ['rss', 'rss'],
    ['atom', 'atom'],
    ['json', null],
    ['RSS', null],
    ['rss ', null],
    ['xml', null],
    ['', null],
    [undefined, null],
  ])('%j → %j', (param, expected) => {
    expect(feedFormat(param)).toBe(expected);
  });
});

describe('feedResponse', () => {
  it('answers 404 in plain text with the message for not_found', async () => {
    const res = feedResponse({ kind: 'not_found', message: 'There is no component called “nope”.' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('There is no component called “nope”.\n');
  });

  it.each([
    ['rss', 'application/rss+xml; charset=utf-8'],
    ['atom', 'application/atom+xml; charset=utf-8'],
  ] as const)('answers 200 with the %s body and its content type', async (format, contentType) => {
    closedIncident('REST errors', T0, [ids.rest]);
    const result = historyFeed(t.db, { slug: null, format }, CFG, NOW);
    const { body } = ok(result);
    expect(result).toMatchObject({ kind: 'ok', contentType });
    const res = feedResponse(result);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(contentType);
    expect(await res.text()).toBe(body);
  });
});
