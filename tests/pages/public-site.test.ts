import { describe, expect, it } from 'vitest';
import { serveFixture } from '../helpers/server.js';
import { PROBE, writePublicSite } from './public-site.fixture.js';
import { ICON_SHAPES, iconSymbolId } from '../../src/server/views/status-icon.js';

const fixture = serveFixture(writePublicSite);

/**
 * The status icons draw shapes by reference: the page carries each shape once in one sprite, and
 * every icon's `<use>` names one of its symbols.
 */
function expectIconsDrawnFromTheSprite(html: string): void {
  expect(count(html, 'class="icon-sprite"')).toBe(1);
  const symbols = [...html.matchAll(/<symbol id="([^"]+)"/g)].map((m) => m[1]!);
  expect(symbols.sort()).toEqual(ICON_SHAPES.map(iconSymbolId).sort());
  const uses = [...html.matchAll(/<use href="#([^"]+)"/g)].map((m) => m[1]!);
  expect(uses.length).toBeGreaterThan(0);
  expect(uses.filter((id) => !symbols.includes(id))).toEqual([]);
}

async function get(path: string, init?: RequestInit): Promise<{ status: number; html: string; headers: Headers }> {
  const res = await fetch(`${fixture.server().url}${path}`, { redirect: 'manual', ...init });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** Counts occurrences of a substring. */
const count = (haystack: string, needle: string): number => haystack.split(needle).length - 1;

/** Days each bar chart draws: quiet days in its run paths (`data-days`) plus one `<rect>` per other day. */
const daysPerChart = (html: string): number[] =>
  [...html.matchAll(/<svg[^>]*role="img"[^>]*>([\s\S]*?)<\/svg>/g)].map(
    ([, chart]) =>
      [...chart!.matchAll(/<path [^>]*data-days="(\d+)"/g)].reduce((n, m) => n + Number(m[1]), 0) + count(chart!, '<rect '),
  );

describe('/', () => {
  it('shows the banner derived from component statuses, with text and an icon', async () => {
    const { status, html, headers } = await get('/');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/text\/html/);
    // REST is in partial outage, the rest operational: "some partial" → minor.
    expect(html).toMatch(/<h1 class="banner" data-indicator="minor"><svg[^>]*aria-hidden="true"[\s\S]*?<\/svg>Minor Service Outage<\/h1>/);
    // Beside it, the way to hear about the next one.
    expect(html).toMatch(/<\/h1>\s*<a class="button cta" href="\/subscribe">Subscribe to updates<\/a>/);
  });

  it('lists the open incident with its latest update, and the upcoming maintenance', async () => {
    const { html } = await get('/');
    const open = html.slice(html.indexOf('id="open-incidents"'), html.indexOf('id="upcoming-maintenance"'));
    expect(open).toContain(`href="/incidents/${fixture.data().openId}"`);
    expect(open).toContain('REST errors');
    expect(open).toContain('Some REST calls fail.');
    expect(open).not.toContain('GraphQL timeouts');
    const upcoming = html.slice(html.indexOf('id="upcoming-maintenance"'), html.indexOf('id="components"'));
    expect(upcoming).toContain('Website migration');
    expect(upcoming).toContain('Scheduled');
  });

  it('groups components, their list in a <details> that opens when a child is not operational', async () => {
    const { html } = await get('/');
    expect(html).toMatch(/<div class="component group" data-component="api">[\s\S]*?<details class="members" open>\s*<summary class="muted small">2 components<\/summary>/);
    const groupHtml = html.slice(html.indexOf('data-component="api"'), html.indexOf('data-component="website"'));
    expect(groupHtml).toContain('data-component="rest"');
    // The group's name leads to its own page.
    expect(groupHtml).toMatch(/^data-component="api">\s*<div class="component-head">\s*<span class="component-name"><a href="\/components\/api">API<\/a>/);
    expect(groupHtml).toContain('data-component="graphql"');
    expect(groupHtml).toMatch(/data-status="partial_outage"[^>]*>[\s\S]*?Partial outage/);
  });

  it('draws 90 daily bars per component and per group, with an uptime figure', async () => {
    const { html } = await get('/');
    // Group API + REST + GraphQL + Website = 4 bar charts of 90 bars each.
    expect(daysPerChart(html)).toEqual([90, 90, 90, 90]);
    expect(count(html, 'role="img" aria-label=')).toBe(4);
    // GraphQL had 30 min major + 105 min partial on one day (weighted 0.3): not 100%.
    const graphql = html.slice(html.indexOf('data-component="graphql"'), html.indexOf('data-component="website"'));
    expect(graphql).toMatch(/GraphQL: 99\.\d\d% uptime over the last 90 days/);
    // That day is a bar of its own, explained on hover, with its uptime and the incident behind it
    // for the popover; the quiet days are drawn as runs.
    expect(graphql).toMatch(/<rect [^>]*data-level="major_outage" data-day="\d{4}-\d\d-\d\d" data-u="\d+\.\d\d%" data-ev="[0-9a-z]{12}"><title>[A-Z][a-z]{2} \d{1,2}, \d{4}: major outage [^<]+<\/title><\/rect>/);
    expect(graphql).toMatch(/<path d="M0 16h\d+(M\d+ 16h\d+)*" [^>]*data-level="operational" data-days="\d+"><title>No downtime recorded on \d+ days<\/title><\/path>/);
    // Website never had an outage: no bar of its own at all.
    const website = html.slice(html.indexOf('data-component="website"'), html.indexOf('id="recent"'));
    expect(count(website, '<rect ')).toBe(0);
  });

  it('draws every status icon from the one sprite on the page: the shape for each status', async () => {
    const { html } = await get('/');
    expectIconsDrawnFromTheSprite(html);
    // The banner and each row: an icon hidden from assistive technology, then the status in words.
    expect(html).toMatch(/<h1 class="banner" data-indicator="minor"><svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><use href="#status-icon-warn"><\/use><\/svg>Minor Service Outage<\/h1>/);
    const rest = html.slice(html.indexOf('data-component="rest"'), html.indexOf('data-component="graphql"'));
    expect(rest).toMatch(/<span class="status" data-status="partial_outage"><svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><use href="#status-icon-alert"><\/use><\/svg>Partial outage<\/span>/);
    const website = html.slice(html.indexOf('data-component="website"'), html.indexOf('id="recent"'));
    expect(website).toMatch(/<span class="status" data-status="operational"><svg [^>]*><use href="#status-icon-check"><\/use><\/svg>Operational<\/span>/);
  });

  it('shows times in the page zone with machine-readable datetimes', async () => {
    const { html } = await get('/');
    expect(html).toMatch(/<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0[12]:00">[A-Z][a-z]{2} \d{1,2}, \d{4}, \d\d:\d\d GMT\+[12]<\/time>/);
    expect(html).toContain('Times are shown in Europe/Berlin.');
  });

  it('needs no JavaScript (one deferred file of our own adds the day popovers) and works on a phone', async () => {
    const { html } = await get('/');
    const scripts = [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);
    expect(scripts).toEqual(['<script src="/bars.js" defer>']);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
  });
});

describe('/components/{slug}', () => {
  it('shows status, 30- and 90-day uptime, bars and the component history', async () => {
    const { status, html } = await get('/components/graphql');
    expect(status).toBe(200);
    expect(html).toContain('<h1>GraphQL</h1>');
    expect(html).toContain('Uptime, 30 days');
    expect(html).toContain('Uptime, 90 days');
    expect(daysPerChart(html)).toEqual([90]);
    expect(html).toContain('data-level="major_outage"');
    expectIconsDrawnFromTheSprite(html);
    expect(html).toContain(`href="/incidents/${fixture.data().resolvedId}"`);
    expect(html).not.toContain(`href="/incidents/${fixture.data().openId}"`);
  });

  it('a group page shows its children and their incidents', async () => {
    const { status, html } = await get('/components/api');
    expect(status).toBe(200);
    expect(html).toContain('In this group');
    expect(html).toContain(`href="/incidents/${fixture.data().resolvedId}"`);
    expect(html).toContain(`href="/incidents/${fixture.data().openId}"`);
  });

  it.each([
    ['/components/nope', 404, 'There is no component called “nope”.'],
    ['/components/rest?page=abc', 400, '&quot;page&quot; must be a whole number'],
    ['/components/rest?page=-1', 400, '&quot;page&quot; must be a whole number'],
    ['/components/rest?page=0', 400, '&quot;page&quot; must be between 1'],
  ])('%s answers %i with a readable message', async (path, code, message) => {
    const { status, html } = await get(path);
    expect(status).toBe(code);
    expect(html).toContain(message);
    expect(html).toContain('href="/"');
  });

  it('clamps a page past the end to the last page', async () => {
    const { status, html } = await get('/components/graphql?page=999');
    expect(status).toBe(200);
    expect(html).toContain(`href="/incidents/${fixture.data().resolvedId}"`);
  });
});

describe('/incidents/{id}', () => {
  it('shows reference, impact (not the internal severity), affected components, duration and the timeline newest first', async () => {
    const { status, html } = await get(`/incidents/${fixture.data().resolvedId}`);
    expect(status).toBe(200);
    expect(html).toContain('<h1>GraphQL timeouts</h1>');
    expect(html).toContain(fixture.data().resolvedReference);
    expect(html).toMatch(/<dt>Impact<\/dt><dd>Critical<\/dd>/);
    // Customers read one scale, the impact: the team's severity (SEV3 here) stays in the admin and the API.
    expect(html).not.toMatch(/Severity|SEV\d/);
    expect(html).toMatch(/<dt>Duration<\/dt><dd>2 h 15 min<\/dd>/);
    expect(html).toMatch(/<dt>Affected<\/dt><dd><a href="\/components\/graphql">GraphQL<\/a><\/dd>/);
    const order = [...html.matchAll(/<li data-update="[^"]+" data-status="([a-z_]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['resolved', 'identified', 'investigating']);
    expect(html).toContain('Major outage → Partial outage');
  });

  it('renders markdown and shows the published postmortem, with stored HTML neutralised', async () => {
    const { html } = await get(`/incidents/${fixture.data().resolvedId}`);
    expect(html).toContain('<strong>timeouts</strong>');
    expect(html).toContain('<h4>Root cause</h4>');
    expect(html).toMatch(/<span class="pill">Postmortem<\/span>/);
    expect(html).not.toContain(PROBE);
    expect(html).not.toMatch(/<script>window\.__xss/);
    expect(html).not.toMatch(/<img[^>]*onerror/);
  });

  it('redirects a reference to the canonical address', async () => {
    const { status, headers } = await get(`/incidents/${fixture.data().resolvedReference.toLowerCase()}`);
    expect(status).toBe(301);
    expect(headers.get('location')).toBe(`/incidents/${fixture.data().resolvedId}`);
  });

  it('answers 404 for an unknown incident', async () => {
    const { status, html } = await get('/incidents/doesnotexist');
    expect(status).toBe(404);
    expect(html).toContain('There is no incident or maintenance “doesnotexist”.');
  });
});

describe('/history', () => {
  it('lists past incidents and maintenance by month, newest month first; maintenance still to come is not history', async () => {
    const { status, html } = await get('/history');
    expect(status).toBe(200);
    const months = [...html.matchAll(/<h2 id="m-(\d{4}-\d\d)">/g)].map((m) => m[1]!);
    expect(months.length).toBeGreaterThanOrEqual(1);
    expect([...months].sort().reverse()).toEqual(months);
    expect(html).toContain('GraphQL timeouts');
    expect(html).not.toContain('Website migration');
  });

  it.each(['abc', '-1', '1.5', '0'])('rejects page=%s with 400', async (value) => {
    const { status, html } = await get(`/history?page=${value}`);
    expect(status).toBe(400);
    expect(html).toContain('&quot;page&quot; must');
  });
});

describe('files browsers and crawlers ask for', () => {
  it('serves /favicon.ico as an icon and /robots.txt keeping crawlers out of /admin', async () => {
    const icon = await fetch(`${fixture.server().url}/favicon.ico`);
    expect(icon.status).toBe(200);
    const bytes = new Uint8Array(await icon.arrayBuffer());
    // An ICO header: reserved 0, type 1 (icon), at least one image.
    expect([...bytes.slice(0, 4)]).toEqual([0, 0, 1, 0]);
    expect(bytes[4]).toBeGreaterThan(0);
    const robots = await get('/robots.txt');
    expect(robots.status).toBe(200);
    expect(robots.html).toMatch(/^User-agent: \*$/m);
    expect(robots.html).toMatch(/^Disallow: \/admin$/m);
  });
});

describe('anything else', () => {
  it('answers a real 404 page', async () => {
    const { status, html } = await get('/no/such/page');
    expect(status).toBe(404);
    expect(html).toContain('Page not found');
    expect(html).toContain('<title>Page not found · Test Status</title>');
  });
});

describe('methods a page does not answer', () => {
  it.each([
    ['PUT', '/', 'GET, HEAD'],
    ['POST', '/history', 'GET, HEAD'],
    ['PATCH', '/components/graphql', 'GET, HEAD'],
    ['DELETE', '/subscribe', 'GET, HEAD, POST'],
    ['PUT', '/subscriptions/some-token', 'GET, HEAD, POST'],
  ])('%s %s is a 405 naming %s, with nothing rendered', async (method, path, allow) => {
    const { status, html, headers } = await get(path, { method, headers: { origin: fixture.server().url } });
    expect(status).toBe(405);
    expect(headers.get('allow')).toBe(allow);
    expect(html).toBe(`This page does not answer ${method}; it answers ${allow}.\n`);
  });

  it('answers OPTIONS with the list, and a missing page stays 404 whatever the method', async () => {
    const options = await get(`/incidents/${fixture.data().openId}`, { method: 'OPTIONS' });
    expect([options.status, options.headers.get('allow')]).toEqual([204, 'GET, HEAD']);
    expect((await get('/no/such/page', { method: 'DELETE', headers: { origin: fixture.server().url } })).status).toBe(404);
  });
});
