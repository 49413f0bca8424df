import { XMLValidator } from 'fast-xml-parser';
import { feedParser, xmlText, type XmlNode } from '../helpers/xml.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFixture, startServer, type RunningServer } from '../helpers/server.js';
import { writePublicSite } from './public-site.fixture.js';


let dbPath = '';
const fixture = serveFixture((path, now) => {
  dbPath = path;
  return writePublicSite(path, now);
});

async function get(base: string, path: string): Promise<{ status: number; body: string; type: string | null }> {
  const res = await fetch(`${base}${path}`, { redirect: 'manual' });
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') };
}

/** Items of an RSS feed, or entries of an Atom feed, as plain values. */
interface FeedItem {
  title: string;
  id: string;
  link: string;
  content: string;
}

function items(xml: string): FeedItem[] {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = feedParser.parse(xml);
  if (doc.rss) {
    expect(doc.rss['@_version']).toBe('2.0');
    return (doc.rss.channel.item ?? []).map((i: XmlNode) => ({
      title: xmlText(i.title),
      id: xmlText(i.guid),
      link: xmlText(i.link[0]),
      content: xmlText(i['content:encoded']),
    }));
  }
  expect(doc.feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
  return (doc.feed.entry ?? []).map((e: XmlNode) => ({
    title: xmlText(e.title),
    id: xmlText(e.id),
    link: e.link[0]['@_href'],
    content: xmlText(e.content),
  }));
}

async function feed(path: string, base = fixture.server().url): Promise<FeedItem[]> {
  const res = await get(base, path);
  expect(res.status, res.body).toBe(200);
  return items(res.body);
}

/** Attributes of every <link> in the head. */
function headLinks(html: string): Record<string, string>[] {
  const head = html.slice(0, html.indexOf('</head>'));
  return [...head.matchAll(/<link\b([^>]*)>/g)].map((m) =>
    Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
  );
}

const alternates = (html: string) =>
  headLinks(html)
    .filter((l) => l.rel === 'alternate')
    .map((l) => `${l.type} ${l.href}`);

describe('/history.rss and /history.atom', () => {
  it.each([
    ['/history.rss', 'application/rss+xml; charset=utf-8'],
    ['/history.atom', 'application/atom+xml; charset=utf-8'],
  ])('%s answers 200 %s with a well-formed feed of every event, newest first', async (path, type) => {
    const res = await get(fixture.server().url, path);
    expect(res.status).toBe(200);
    expect(res.type).toBe(type);
    const list = items(res.body);
    // Upcoming maintenance (in 2 days), open incident (40 min ago), resolved one (10 days ago).
    expect(list.map((i) => i.title)).toEqual(['Website migration', 'REST errors', 'GraphQL timeouts']);
    expect(list.map((i) => i.id)).toEqual(
      [fixture.data().maintenanceId, fixture.data().openId, fixture.data().resolvedId].map((id) => `${fixture.server().url}/incidents/${id}`),
    );
  });

  it('links entries to the incident pages at the address the server listens on, which answer', async () => {
    const list = await feed('/history.atom');
    for (const i of list) {
      expect(i.link).toBe(i.id);
      expect(i.link.startsWith(`${fixture.server().url}/incidents/`)).toBe(true);
      expect((await fetch(i.link)).status).toBe(200);
    }
  });

  it('carries the resolved incident’s postmortem and timeline', async () => {
    const resolved = (await feed('/history.rss')).find((i) => i.title === 'GraphQL timeouts')!;
    expect(resolved.content).toContain('<h3>Postmortem</h3>');
    expect(resolved.content).toContain('An index was missing.');
    expect(resolved.content).toContain('A slow query was found.');
    expect(resolved.content).toContain('<strong>Resolved</strong>');
  });

  it.each(['/history.rss', '/history.atom'])('%s shows the stored XSS probe only as escaped text', async (path) => {
    const resolved = (await feed(path)).find((i) => i.title === 'GraphQL timeouts')!;
    // The update with the probe is in there…
    expect(resolved.content).toContain('We are looking into <strong>timeouts</strong>.');
    expect(resolved.content).toContain('&lt;script&gt;');
    // …but the HTML a reader renders has no script and no handler.
    expect(resolved.content).not.toMatch(/<script/i);
    expect(resolved.content).not.toMatch(/onerror\s*=/i);
  });

  it('answers 404 for any other extension', async () => {
    for (const path of ['/history.json', '/history.xml', '/history.RSS']) {
      const res = await get(fixture.server().url, path);
      expect(res.status, path).toBe(404);
    }
  });
});

describe('/components/{slug}/history.{rss,atom}', () => {
  it('a component’s feed holds only its events', async () => {
    const res = await get(fixture.server().url, '/components/graphql/history.atom');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/atom+xml; charset=utf-8');
    const titles = items(res.body).map((i) => i.title);
    expect(titles).toEqual(['GraphQL timeouts']);
    expect(titles).not.toContain('REST errors');
    expect((await feed('/components/rest/history.rss')).map((i) => i.title)).toEqual(['REST errors']);
    expect((await feed('/components/website/history.rss')).map((i) => i.title)).toEqual(['Website migration']);
  });

  it('a group’s feed holds its children’s events', async () => {
    const res = await get(fixture.server().url, '/components/api/history.rss');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/rss+xml; charset=utf-8');
    expect(items(res.body).map((i) => i.title)).toEqual(['REST errors', 'GraphQL timeouts']);
  });

  it('answers 404 in plain text for an unknown component', async () => {
    const res = await get(fixture.server().url, '/components/nope/history.rss');
    expect(res.status).toBe(404);
    expect(res.type).toBe('text/plain; charset=utf-8');
    expect(res.body).toContain('There is no component called “nope”.');
  });

  it('answers 404 for any other extension', async () => {
    expect((await get(fixture.server().url, '/components/rest/history.json')).status).toBe(404);
  });
});

describe('feed discovery in HTML pages', () => {
  const PAGE_FEEDS = ['application/rss+xml /history.rss', 'application/atom+xml /history.atom'];

  it('every page links the page feeds as alternates', async () => {
    for (const path of ['/', '/history', '/components/rest', `/incidents/${fixture.data().resolvedId}`, `/incidents/${fixture.data().openId}`]) {
      const { status, body } = await get(fixture.server().url, path);
      expect(status, path).toBe(200);
      expect(alternates(body), path).toEqual(expect.arrayContaining(PAGE_FEEDS));
    }
  });

  it('only component pages add their own feed', async () => {
    expect(alternates((await get(fixture.server().url, '/')).body)).toEqual(PAGE_FEEDS);
    expect(alternates((await get(fixture.server().url, '/history')).body)).toEqual(PAGE_FEEDS);
    expect(alternates((await get(fixture.server().url, '/components/rest')).body)).toEqual([
      ...PAGE_FEEDS,
      'application/rss+xml /components/rest/history.rss',
      'application/atom+xml /components/rest/history.atom',
    ]);
    expect(alternates((await get(fixture.server().url, '/components/api')).body)).toEqual([
      ...PAGE_FEEDS,
      'application/rss+xml /components/api/history.rss',
      'application/atom+xml /components/api/history.atom',
    ]);
  });

  it('every alternate link answers with a feed of its type', async () => {
    const { body } = await get(fixture.server().url, '/components/rest');
    for (const link of headLinks(body).filter((l) => l.rel === 'alternate')) {
      const res = await get(fixture.server().url, link.href!);
      expect(res.status, link.href).toBe(200);
      expect(res.type, link.href).toBe(`${link.type}; charset=utf-8`);
      expect(XMLValidator.validate(res.body), link.href).toBe(true);
    }
  });

  it('the footer links both page feeds', async () => {
    const { body } = await get(fixture.server().url, '/history');
    const footer = body.slice(body.indexOf('<footer'));
    expect(footer).toContain('<a href="/history.rss">RSS</a>');
    expect(footer).toContain('<a href="/history.atom">Atom</a>');
  });
});

describe('with PUBLIC_URL', () => {
  let publicServer: RunningServer;
  beforeAll(async () => {
    publicServer = await startServer(dbPath, { PUBLIC_URL: 'https://status.example.com/' });
  });
  afterAll(async () => {
    await publicServer?.stop();
  });

  it.each(['/history.rss', '/history.atom', '/components/api/history.rss', '/components/graphql/history.atom'])(
    '%s links every entry under it',
    async (path) => {
      const list = await feed(path, publicServer.url);
      expect(list.length).toBeGreaterThan(0);
      for (const i of list) {
        expect(i.id.startsWith('https://status.example.com/incidents/')).toBe(true);
        expect(i.link.startsWith('https://status.example.com/incidents/')).toBe(true);
      }
    },
  );

  it('names itself under it, whatever Host the request carried', async () => {
    const res = await fetch(`${publicServer.url}/history.atom`, { headers: { host: 'evil.example' } });
    const xml = await res.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const feedNode = feedParser.parse(xml).feed;
    const self = feedNode.link.find((l: XmlNode) => l['@_rel'] === 'self');
    expect(self['@_href']).toBe('https://status.example.com/history.atom');
    expect(xml).not.toContain('evil.example');
    expect(xml).not.toContain(publicServer.url);
  });
});
