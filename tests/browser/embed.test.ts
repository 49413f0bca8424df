import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openDatabase } from '../../db/client.js';
import { browserAvailable, launchChromium } from '../helpers/browser.js';
import { tempDatabasePath } from '../helpers/db.js';
import { component, DAY, HOUR, incident, maintenance, MINUTE, page as pageSettings } from '../helpers/fixtures.js';
import { closedPort, startHostServer, type HostServer } from '../helpers/host-server.js';
import { startServer, type RunningServer } from '../helpers/server.js';
import { writePublicSite, type PublicSite } from '../pages/public-site.fixture.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const WIDGET_SOURCE = readFileSync(new URL('../../src/server/embed/widget.js', import.meta.url), 'utf8');
const ATLASSIAN_WIDGET = fileURLToPath(new URL('../../node_modules/@statuspage/status-widget/dist/index.js', import.meta.url));
const enabled = browserAvailable();

/** Host CSS that would wreck a widget living in the host's DOM, and a host element sharing our class names. */
const HOSTILE_HOST = `<!doctype html><html><head><meta charset="utf-8"><title>Host</title>
<style>
  body * { text-transform: uppercase !important; letter-spacing: 3px !important; font-family: serif !important; }
  div, span, a, button { display: none !important; color: red !important; background: lime !important; }
  .n, .i, .t, .x { position: static; }
</style></head><body><main><p>A third-party site.</p><p class="n" id="host-n">host element with class n</p></main>`;

/** Messages Chromium itself logs for a failed request; no script can prevent them, so they are not the widget's. */
const NETWORK_LOG = /^Failed to load resource/;

interface Visit {
  readonly page: Page;
  /** Uncaught exceptions and console errors on the host page. */
  readonly errors: string[];
}

describe.runIf(enabled)('the embeddable widget and frame in Chromium, on another origin', () => {
  let incidentBeacon: RunningServer;
  let calmBeacon: RunningServer;
  let host: HostServer;
  let browser: Browser;
  let site: PublicSite;
  let maintenanceId: string;
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    // Beacon with trouble: the public-site fixture (open REST incident, resolved GraphQL incident,
    // upcoming website maintenance) plus a database upgrade in progress.
    const busy = tempDatabasePath();
    cleanups.push(busy.cleanup);
    const now = Date.now();
    site = writePublicSite(busy.path, now);
    const handle = openDatabase(busy.path);
    maintenanceId = maintenance(handle.db, {
      title: 'Database upgrade',
      scheduledFor: now - HOUR,
      scheduledUntil: now + HOUR,
      componentIds: [],
      steps: [
        { at: now - 2 * HOUR, status: 'scheduled', body: 'Planned.' },
        { at: now - HOUR, status: 'in_progress', body: 'Started.' },
      ],
    }).id;
    handle.close();

    // Beacon with nothing to report: everything resolved or completed, one maintenance still ahead.
    const calm = tempDatabasePath();
    cleanups.push(calm.cleanup);
    const c = openDatabase(calm.path);
    const t0 = now - 30 * DAY;
    pageSettings(c.db, 'Calm', 'UTC', t0);
    const api = component(c.db, 'api', 'API', t0);
    incident(c.db, {
      title: 'Old outage',
      startedAt: now - 3 * DAY,
      steps: [
        { at: now - 3 * DAY, status: 'investigating', body: 'Down.', set: { [api]: 'major_outage' } },
        { at: now - 3 * DAY + 30 * MINUTE, status: 'resolved', body: 'Up.', set: { [api]: 'operational' } },
      ],
    });
    maintenance(c.db, {
      title: 'Finished work',
      scheduledFor: now - 2 * DAY,
      scheduledUntil: now - 2 * DAY + HOUR,
      componentIds: [api],
      steps: [
        { at: now - 2 * DAY, status: 'in_progress', body: 'Go.' },
        { at: now - 2 * DAY + HOUR, status: 'completed', body: 'Done.' },
      ],
    });
    maintenance(c.db, {
      title: 'Future work',
      scheduledFor: now + DAY,
      scheduledUntil: now + DAY + HOUR,
      componentIds: [api],
      steps: [{ at: now - HOUR, status: 'scheduled', body: 'Soon.' }],
    });
    c.close();

    [incidentBeacon, calmBeacon, host, browser] = await Promise.all([
      startServer(busy.path),
      startServer(calm.path),
      startHostServer({ '/status-widget.js': { path: ATLASSIAN_WIDGET, type: 'text/javascript; charset=utf-8' } }),
      launchChromium(),
    ]);
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([incidentBeacon?.stop(), calmBeacon?.stop(), host?.stop()]);
    for (const c of cleanups) c();
  });

  /** Opens a host page in a fresh context (fresh sessionStorage), recording errors. */
  async function open(html: string, setup?: (page: Page, context: BrowserContext) => Promise<void>): Promise<Visit> {
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && !NETWORK_LOG.test(m.text()) && errors.push(`console: ${m.text()}`));
    await setup?.(page, context);
    await page.goto(host.page(html));
    return { page, errors };
  }

  const scriptTag = (origin: string, attributes = ''): string => `<script src="${origin}/embed.js" ${attributes} async></script>`;
  const isSummary = (url: string): boolean => url.endsWith('/api/v2/summary.json');

  /** A beat for the widget to act on an answer already received (it renders within a few microtasks). */
  async function settle(page: Page): Promise<void> {
    await page.waitForTimeout(300);
  }

  it('shows the open incident and the running maintenance, linked, untouched by host CSS', async () => {
    expect(new URL(host.url).origin).not.toBe(new URL(incidentBeacon.url).origin);
    const { page, errors } = await open(`${HOSTILE_HOST}${scriptTag(incidentBeacon.url)}</body></html>`);
    const notice = page.locator('beacon-status-notice .n');
    await notice.waitFor({ state: 'visible' });

    const items = notice.locator('.i');
    expect(await items.count()).toBe(2);
    const first = items.nth(0);
    // innerText honours text-transform: the host's uppercase rule must not reach inside.
    expect(await first.locator('.t').innerText()).toBe('REST errors');
    expect(await first.locator('.s').innerText()).toBe('Investigating');
    expect(await first.locator('a.t').getAttribute('href')).toBe(`${incidentBeacon.url}/incidents/${site.openId}`);
    expect(await first.locator('a.t').getAttribute('target')).toBe('_blank');
    expect(await first.locator('a.t').getAttribute('rel')).toContain('noopener');
    const second = items.nth(1);
    expect(await second.locator('.t').innerText()).toBe('Database upgrade');
    expect(await second.locator('.s').innerText()).toBe('Maintenance in progress');
    expect(await second.locator('a.t').getAttribute('href')).toBe(`${incidentBeacon.url}/incidents/${maintenanceId}`);

    const text = await notice.innerText();
    expect(text).not.toContain('Website migration'); // scheduled, not started
    expect(text).not.toContain('GraphQL timeouts'); // resolved

    // Host CSS does not leak in…
    const style = await notice.evaluate((el) => {
      const s = getComputedStyle(el);
      return { color: s.color, display: s.display, position: s.position, letterSpacing: s.letterSpacing };
    });
    expect(style).toEqual({ color: 'rgb(255, 255, 255)', display: 'block', position: 'fixed', letterSpacing: 'normal' });
    // …and ours does not leak out.
    expect(await page.locator('#host-n').evaluate((el) => getComputedStyle(el).position)).toBe('static');

    // Fixed in the bottom-right corner by default.
    const box = (await notice.boundingBox())!;
    expect(Math.round(1000 - (box.x + box.width))).toBe(16);
    expect(Math.round(700 - (box.y + box.height))).toBe(16);

    await page.screenshot({ path: `${ARTIFACTS}embed-notice.png` });
    expect(errors).toEqual([]);
  });

  it('asks for the summary without cookies, though the browser has one for Beacon', async () => {
    const headers: Record<string, Record<string, string>> = {};
    const { page, errors } = await open(`${HOSTILE_HOST}${scriptTag(incidentBeacon.url)}</body></html>`, async (p, context) => {
      await context.addCookies([{ name: 'beacon_session', value: 'secret', url: incidentBeacon.url }]);
      p.on('request', (r) => {
        void r.allHeaders().then((h) => (headers[new URL(r.url()).pathname] = h));
      });
    });
    await page.locator('beacon-status-notice .n').waitFor();
    await expect.poll(() => Object.keys(headers)).toContain('/api/v2/summary.json');
    // The script itself is an ordinary cross-origin <script>, sent with cookies: proof the cookie is there to leak.
    expect(headers['/embed.js']?.cookie).toContain('beacon_session=secret');
    expect(headers['/api/v2/summary.json']?.cookie).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('takes its corner and colours from data attributes, ignoring values that are not colours', async () => {
    const styled = await open(
      `${HOSTILE_HOST}${scriptTag(incidentBeacon.url, 'data-position="top-left" data-background="#ffeeaa" data-color="rgb(1, 2, 3)"')}</body></html>`,
    );
    const notice = styled.page.locator('beacon-status-notice .n');
    await notice.waitFor();
    const s = await notice.evaluate((el) => {
      const c = getComputedStyle(el);
      return { background: c.backgroundColor, color: c.color, top: c.top, left: c.left };
    });
    expect(s).toEqual({ background: 'rgb(255, 238, 170)', color: 'rgb(1, 2, 3)', top: '16px', left: '16px' });
    const box = (await notice.boundingBox())!;
    expect([Math.round(box.x), Math.round(box.y)]).toEqual([16, 16]);

    const odd = await open(
      `${HOSTILE_HOST}${scriptTag(incidentBeacon.url, 'data-position="middle" data-background="red; display: none" data-color="url(x)"')}</body></html>`,
    );
    const fallback = odd.page.locator('beacon-status-notice .n');
    await fallback.waitFor();
    const f = await fallback.evaluate((el) => {
      const c = getComputedStyle(el);
      return { background: c.backgroundColor, color: c.color, bottom: c.bottom, right: c.right };
    });
    expect(f).toEqual({ background: 'rgb(29, 35, 48)', color: 'rgb(255, 255, 255)', bottom: '16px', right: '16px' });
    expect([...styled.errors, ...odd.errors]).toEqual([]);
  });

  it('remembers a dismissal for the session, and only for that session', async () => {
    const html = `${HOSTILE_HOST}${scriptTag(incidentBeacon.url)}</body></html>`;
    const { page, errors } = await open(html);
    await page.locator('beacon-status-notice .n').waitFor();
    await page.locator('beacon-status-notice button.x').click();
    expect(await page.locator('beacon-status-notice').count()).toBe(0);

    const summary = page.waitForResponse((r) => isSummary(r.url()));
    await page.reload();
    expect((await summary).status()).toBe(200);
    await settle(page);
    expect(await page.locator('beacon-status-notice').count()).toBe(0);

    // A new session (new context) sees it again.
    const fresh = await open(html);
    await fresh.page.locator('beacon-status-notice .n').waitFor();
    expect([...errors, ...fresh.errors]).toEqual([]);
  });

  it('shows nothing while everything is resolved and maintenance has not started', async () => {
    let body: { incidents: unknown[]; scheduled_maintenances: { name: string; status: string }[] } | null = null;
    const { page, errors } = await open(`${HOSTILE_HOST}${scriptTag(calmBeacon.url)}</body></html>`, async (p) => {
      p.on('response', (r) => {
        if (isSummary(r.url())) void r.json().then((b) => (body = b));
      });
    });
    await expect.poll(() => body).not.toBeNull();
    await settle(page);
    // The answer did list a maintenance (scheduled, not started): the widget chose not to show it.
    expect(body!.incidents).toEqual([]);
    expect(body!.scheduled_maintenances.map((m) => [m.name, m.status])).toEqual([['Future work', 'scheduled']]);
    expect(await page.locator('beacon-status-notice').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('with Beacon down: shows nothing, throws nothing, logs nothing', async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    const failed: string[] = [];
    const { page, errors } = await open(`${HOSTILE_HOST}${scriptTag(down)}</body></html>`, async (p) => {
      // The script must load for the test to mean anything: serve it as if from the dead origin.
      await p.route(`${down}/embed.js`, (route) =>
        route.fulfill({ body: WIDGET_SOURCE, contentType: 'text/javascript', headers: { 'access-control-allow-origin': '*' } }),
      );
      p.on('requestfailed', (r) => failed.push(r.url()));
    });
    await expect.poll(() => failed).toContain(`${down}/api/v2/summary.json`);
    await settle(page);
    expect(await page.locator('beacon-status-notice').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  describe('answers it cannot use', () => {
    const FAKE = 'http://beacon.invalid';
    const GOOD = JSON.stringify({
      incidents: [{ id: 'i1', name: 'Fake incident', status: 'identified', impact: 'major', shortlink: 'https://status.test/incidents/i1' }],
      scheduled_maintenances: [],
    });

    /** A host page whose Beacon is simulated: the script from the real file, the summary as given. */
    async function withSummary(status: number, body: string): Promise<Visit> {
      const visit = await open(`${HOSTILE_HOST}${scriptTag(FAKE)}</body></html>`, async (p) => {
        await p.route(`${FAKE}/embed.js`, (route) => route.fulfill({ body: WIDGET_SOURCE, contentType: 'text/javascript' }));
        await p.route(`${FAKE}/api/v2/summary.json`, (route) =>
          route.fulfill({ status, body, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' } }),
        );
      });
      await settle(visit.page);
      return visit;
    }

    it('control: a good simulated answer does show', async () => {
      const { page, errors } = await withSummary(200, GOOD);
      await page.locator('beacon-status-notice .n').waitFor();
      expect(await page.locator('beacon-status-notice .t').innerText()).toBe('Fake incident');
      expect(errors).toEqual([]);
    });

    it.each([
      ['a 500, even with a good body', 500, GOOD],
      ['a 404', 404, '{"error":"nope"}'],
      ['invalid JSON', 200, '{"incidents": [ oops'],
      ['JSON null', 200, 'null'],
      ['a JSON array', 200, '[1,2]'],
      ['lists that are not lists', 200, '{"incidents":"many","scheduled_maintenances":{"0":{}}}'],
      ['items of the wrong types', 200, '{"incidents":[{"id":1,"name":"x","status":"investigating"},{"id":"a","name":null,"status":"identified"},null,"x"]}'],
      ['only closed items', 200, '{"incidents":[{"id":"r","name":"Done","status":"resolved"}],"scheduled_maintenances":[{"id":"m","name":"Later","status":"scheduled"},{"id":"c","name":"Over","status":"completed"}]}'],
    ])('%s: nothing shown, nothing thrown', async (_label, status, body) => {
      const { page, errors } = await withSummary(status, body);
      expect(await page.locator('beacon-status-notice').count()).toBe(0);
      expect(errors).toEqual([]);
    });

    it('API text stays text, and only http(s) links become links', async () => {
      const { page, errors } = await withSummary(
        200,
        JSON.stringify({
          incidents: [
            { id: 'x1', name: '<img src=x onerror="window.__xss=1">', status: 'investigating', shortlink: 'javascript:window.__xss=2' },
            { id: 'x2', name: 'Plain', status: 'monitoring', shortlink: 'https://status.test/incidents/x2' },
          ],
          scheduled_maintenances: [],
        }),
      );
      const items = page.locator('beacon-status-notice .i');
      await items.first().waitFor();
      expect(await items.nth(0).locator('.t').innerText()).toBe('<img src=x onerror="window.__xss=1">');
      expect(await items.nth(0).locator('a').count()).toBe(0);
      expect(await items.nth(0).locator('img').count()).toBe(0);
      expect(await items.nth(1).locator('a.t').getAttribute('href')).toBe('https://status.test/incidents/x2');
      await items.nth(0).locator('.t').click();
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
      expect(errors).toEqual([]);
    });

    it('polls once a minute, so the notice comes and goes without a reload', async () => {
      const answers = [
        '{"incidents":[],"scheduled_maintenances":[]}',
        GOOD,
        '{"incidents":[],"scheduled_maintenances":[]}',
      ];
      let served = 0;
      const { page, errors } = await open(`${HOSTILE_HOST}${scriptTag(FAKE)}</body></html>`, async (p) => {
        // Paused: the page's minute passes only by runFor, never with the real seconds a busy
        // machine takes between the first poll and the checks below.
        const start = Date.UTC(2026, 11, 5, 12);
        await p.clock.install({ time: start });
        await p.clock.pauseAt(start + 1_000);
        await p.route(`${FAKE}/embed.js`, (route) => route.fulfill({ body: WIDGET_SOURCE, contentType: 'text/javascript' }));
        await p.route(`${FAKE}/api/v2/summary.json`, (route) =>
          route.fulfill({
            body: answers[Math.min(served++, answers.length - 1)]!,
            contentType: 'application/json',
            headers: { 'access-control-allow-origin': '*' },
          }),
        );
      });
      const notice = page.locator('beacon-status-notice .n');
      await expect.poll(() => served).toBe(1);
      await settle(page);
      expect(await notice.count()).toBe(0);

      await page.clock.runFor(58_000);
      expect(served).toBe(1);
      await page.clock.runFor(3_000);
      await notice.waitFor({ state: 'visible' });
      expect(served).toBe(2);

      await page.clock.runFor(60_500);
      await notice.waitFor({ state: 'detached' });
      expect(served).toBe(3);
      expect(errors).toEqual([]);
    });
  });

  it('is under 4 KB gzipped as the browser receives it', async () => {
    let size = Infinity;
    await open(`${HOSTILE_HOST}${scriptTag(calmBeacon.url)}</body></html>`, async (p) => {
      p.on('response', (r) => {
        if (r.url().endsWith('/embed.js')) void r.body().then((b) => (size = gzipSync(b).length));
      });
    });
    await expect.poll(() => size).toBeLessThan(4096);
  });

  it('/embed can be framed by another origin and shows the page status', async () => {
    const { page, errors } = await open(
      `<!doctype html><html><body><iframe id="f" src="${incidentBeacon.url}/embed" title="Status" width="320" height="36" style="border:0"></iframe></body></html>`,
    );
    const frame = page.frameLocator('#f');
    const link = frame.locator('a');
    await link.waitFor();
    expect(await link.innerText()).toContain('Minor Service Outage');
    expect(await link.getAttribute('target')).toBe('_blank');
    // The one-line page fits the suggested frame height without scrolling.
    const height = await frame.locator('body').evaluate((b) => b.scrollHeight);
    expect(height).toBeLessThanOrEqual(36);
    expect(errors).toEqual([]);
  });

  describe("Atlassian's @statuspage/status-widget pointed at Beacon", () => {
    async function widget(beacon: RunningServer, appearance = 'basic'): Promise<Visit> {
      return open(
        // The published bundle is "use strict" and ends by assigning an undeclared global, which throws
        // "parcelRequire is not defined" after the widget has registered; declaring it is the usual fix.
        `<!doctype html><html><head><meta charset="utf-8"><script>var parcelRequire;</script><script src="/status-widget.js"></script></head>
        <body><statuspage-widget src="${beacon.url}" appearance="${appearance}"></statuspage-widget></body></html>`,
      );
    }

    it('shows the status description and indicator of a page in trouble', async () => {
      const { page, errors } = await widget(incidentBeacon);
      const text = page.locator('statuspage-widget .status-text');
      await text.waitFor();
      expect((await text.innerText()).trim()).toBe('Minor Service Outage');
      expect(await page.locator('statuspage-widget .status-indicator').getAttribute('class')).toContain('minor');
      expect(await page.locator('statuspage-widget a').getAttribute('href')).toBe(incidentBeacon.url);
      await page.screenshot({ path: `${ARTIFACTS}statuspage-widget.png` });
      expect(errors).toEqual([]);
    });

    it('shows "All Systems Operational" for a calm page', async () => {
      const { page, errors } = await widget(calmBeacon);
      const text = page.locator('statuspage-widget .status-text');
      await text.waitFor();
      expect((await text.innerText()).trim()).toBe('All Systems Operational');
      expect(await page.locator('statuspage-widget .status-indicator').getAttribute('class')).toContain('none');
      expect(errors).toEqual([]);
    });
  });
});
