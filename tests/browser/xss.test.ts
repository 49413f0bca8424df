import { describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openDatabase } from '../../db/client.js';
import { SYSTEM } from '../../src/server/audit.js';
import { linkKey } from '../../src/server/subscribers/access.js';
import { createApiToken, TOKEN_NAME_MAX } from '../../src/server/use-cases/api-tokens.js';
import { subscriptionLinks } from '../../src/server/outbox/personal-links.js';
import { updatePageSettings } from '../../src/server/write/settings.js';
import { signIn } from '../helpers/admin-pages.js';
import { browserAvailable, useChromium } from '../helpers/browser.js';
import { component, DAY, page as pageSettings } from '../helpers/fixtures.js';
import { startHostServer } from '../helpers/host-server.js';
import { preparePeople } from '../helpers/people.js';
import { serveFixture } from '../helpers/server.js';
import { subscriber } from '../helpers/subscribers.js';
import { composePayloadMails } from '../helpers/xss-mail.js';
import { MARKER_FUNCTION, MARKER_PATH_PREFIX, XSS_PAYLOADS, type XssPayload } from '../helpers/xss-corpus.js';
import { HOSTILE_SETTINGS, writeXssSite, type XssSite } from '../helpers/xss-site.js';

const enabled = browserAvailable();

/** Chromium's own line for a sub-resource that failed to load: no script wrote it. */
const NETWORK_LOG = /^Failed to load resource/;

/** Text compared without whitespace: inputs drop newlines, headings collapse runs of spaces. */
const squeezed = (s: string): string => s.replace(/\s+/g, '');

/** How a sweep runs: without the CSP (so escaping alone must hold) or with it (so nothing may be blocked either). */
type Mode = 'escaping alone (CSP bypassed)' | 'with the CSP';

/** One page to open, and what must be on it as text. */
interface Visit {
  readonly path: string;
  /** Null when the page shows the expected text; otherwise what is wrong. */
  readonly check?: (page: Page) => Promise<string | null>;
}

/**
 * A browser context that notices a payload running: the marker function, dialogs, requests to
 * marker URLs, new windows, uncaught errors, console errors and CSP violation reports. `drain`
 * returns (and forgets) what it saw.
 */
async function watchedContext(browser: Browser, mode: Mode): Promise<{ context: BrowserContext; page: Page; drain: () => string[] }> {
  const seen: string[] = [];
  const context = await browser.newContext({ bypassCSP: mode !== 'with the CSP', viewport: { width: 1100, height: 900 } });
  await context.exposeBinding(MARKER_FUNCTION, (source, id: unknown) => seen.push(`marker ${String(id)} ran in ${source.frame.url()}`));
  await context.exposeBinding('__cspViolation', (_source, report: unknown) => seen.push(`CSP violation ${String(report)}`));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation: (r: string) => void }).__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI} sample ${e.sample}`);
    });
  });
  context.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith(MARKER_PATH_PREFIX) || url.protocol === 'javascript:') seen.push(`request to ${r.url()}`);
  });
  const page = await context.newPage();
  context.on('page', (p) => seen.push(`a new window opened: ${p.url()}`));
  page.on('dialog', (d) => {
    seen.push(`${d.type()} dialog "${d.message()}"`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => seen.push(`uncaught ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !NETWORK_LOG.test(m.text())) seen.push(`console error ${m.text()}`);
  });
  return { context, page, drain: () => seen.splice(0) };
}

/**
 * Live markup in the rendered DOM, whether or not it ran: handlers, script-ish URLs, elements that
 * load or redirect documents, and script or style elements carrying a payload's marker.
 */
async function liveDom(page: Page): Promise<string[]> {
  return page.evaluate((marker) => {
    const out: string[] = [];
    const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'background', 'poster'];
    for (const el of Array.from(document.querySelectorAll('*'))) {
      const tag = el.localName;
      for (const a of Array.from(el.attributes)) {
        const name = a.name.toLowerCase();
        if (name.startsWith('on')) out.push(`<${tag} ${name}="${a.value.slice(0, 60)}">`);
        // eslint-disable-next-line no-control-regex
        if (urlAttributes.includes(name) && /^(javascript|vbscript|data):/.test(a.value.replace(/[\u0000-\u0020]/g, '').toLowerCase())) {
          out.push(`<${tag} ${name}="${a.value.slice(0, 60)}">`);
        }
        if (name === 'srcdoc') out.push(`<${tag} srcdoc>`);
        if (name === 'style' && /expression\s*\(|javascript:/i.test(a.value)) out.push(`<${tag} style="${a.value.slice(0, 60)}">`);
      }
      if (['base', 'object', 'embed', 'frame', 'frameset', 'applet', 'animate', 'set'].includes(tag)) out.push(`<${tag}> element`);
      if (tag === 'meta' && el.hasAttribute('http-equiv')) out.push(`<meta http-equiv="${el.getAttribute('http-equiv')}">`);
      if (tag === 'iframe' && el.getAttribute('src') !== '/embed') out.push(`<iframe src="${el.getAttribute('src')}">`);
      if ((tag === 'script' || tag === 'style') && (el.textContent ?? '').includes(marker)) out.push(`<${tag}> with a payload: ${(el.textContent ?? '').slice(0, 60)}`);
      if (tag === 'script' && el.getAttribute('src') && new URL(el.getAttribute('src')!, location.href).origin !== location.origin) out.push(`<script src="${el.getAttribute('src')}">`);
      if (tag === 'link' && (el.getAttribute('href') ?? '').includes(marker)) out.push(`<link href="${el.getAttribute('href')}">`);
    }
    return out;
  }, MARKER_FUNCTION);
}

/** Waits for what a payload would do after load: focus handlers, animations, meta refresh, the live preview's fetch. */
async function settle(page: Page): Promise<void> {
  if ((await page.locator('[data-live-preview]').count()) > 0) await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
  await page.waitForTimeout(50);
}

/** Opens each page in one instrumented context; returns every problem, each naming its page. */
async function sweep(browser: Browser, base: string, visits: readonly Visit[], mode: Mode, cookie: string | null): Promise<string[]> {
  const { context, page, drain } = await watchedContext(browser, mode);
  if (cookie) await context.addCookies([{ name: 'beacon_session', value: cookie, url: base }]);
  const problems: string[] = [];
  try {
    for (const visit of visits) {
      const response = await page.goto(`${base}${visit.path}`, { waitUntil: 'load' });
      await settle(page);
      const found = [...drain()];
      if (response?.status() !== 200) found.push(`answered ${response?.status()}`);
      found.push(...(await liveDom(page)));
      const wrong = await visit.check?.(page);
      if (wrong) found.push(wrong);
      problems.push(...found.map((f) => `${mode} ${visit.path}: ${f}`));
    }
  } finally {
    await context.close();
  }
  return problems;
}

/** The first element's text (or a form field's value) equals `expected`, ignoring whitespace. */
function shows(selector: string, expected: string, what: 'text' | 'value' = 'text'): (page: Page) => Promise<string | null> {
  return async (page) => {
    const el = page.locator(selector).first();
    if ((await el.count()) === 0) return `no ${selector}`;
    const actual = what === 'value' ? await el.inputValue() : ((await el.textContent()) ?? '');
    return squeezed(actual) === squeezed(expected) ? null : `${selector} shows ${JSON.stringify(actual.slice(0, 120))}, not the stored ${JSON.stringify(expected.slice(0, 120))}`;
  };
}

/** The document title is the page's own title and the page name, as text. */
function titled(title: string | null): (page: Page) => Promise<string | null> {
  const expected = title === null ? HOSTILE_SETTINGS.name : `${title} · ${HOSTILE_SETTINGS.name}`;
  return async (page) => {
    const actual = await page.title();
    return squeezed(actual) === squeezed(expected) ? null : `<title> is ${JSON.stringify(actual.slice(0, 120))}`;
  };
}

/**
 * One page of each kind (ids, slugs and template keys stripped): with the escaping sweep clean, the
 * CSP sweep looks for the pages' own code being blocked, which does not depend on which record is shown.
 */
function oneOfEach(visits: readonly Visit[]): Visit[] {
  const kinds = new Map<string, Visit>();
  for (const v of visits) {
    const kind = v.path.replace(/(?<=\/)[0-9a-z]{12}(?=[/?]|$)/g, ':id').replace(/\/components\/p-[^/?]+/, '/components/:slug').replace(/template=[^&]+/, 'template=:key');
    if (!kinds.has(kind)) kinds.set(kind, v);
  }
  return [...kinds.values()];
}

const all = (...checks: ((page: Page) => Promise<string | null>)[]) => async (page: Page): Promise<string | null> => {
  const wrong = (await Promise.all(checks.map((c) => c(page)))).filter((w): w is string => w !== null);
  return wrong.length > 0 ? wrong.join('; ') : null;
};

function publicVisits(site: XssSite, managePath: string): Visit[] {
  const pageName = shows('.site-header .brand span', HOSTILE_SETTINGS.name);
  return [
    { path: '/', check: all(pageName, titled(null), async (p) => ((await p.locator('article[data-event] h3').count()) >= 16 ? null : 'open incidents missing')) },
    { path: '/history', check: pageName },
    { path: '/history?page=2' },
    ...site.components.map((c) => ({ path: `/components/${c.slug}`, check: all(shows('h1', c.payload.text), titled(c.payload.text)) })),
    { path: '/components/xss-group' },
    ...site.incidents.map((i) => ({ path: `/incidents/${i.id}`, check: all(shows('h1', i.payload.text), titled(i.payload.text)) })),
    ...site.maintenances.map((m) => ({ path: `/incidents/${m.id}`, check: shows('h1', m.title) })),
    { path: `/incidents/${site.draftPostmortemId}` },
    { path: '/embed' },
    { path: '/integrations' },
    { path: '/api' },
    { path: '/subscribe' },
    { path: `/subscribe?component=${site.components[0]!.slug}` },
    { path: managePath },
  ];
}

function adminVisits(site: XssSite, tokenIds: readonly string[]): Visit[] {
  const incidentTemplates = site.templates.filter((t) => t.kind === 'incident');
  const placeholderTemplate = incidentTemplates[XSS_PAYLOADS.findIndex((p) => p.id === 'template')]!;
  const maintenanceTemplate = site.templates.find((t) => t.kind === 'maintenance')!;
  return [
    { path: '/admin' },
    ...site.incidents.flatMap((i) => [
      { path: `/admin/incidents/${i.id}`, check: shows('h1', i.payload.text) },
      ...i.updateIds.map((u) => ({ path: `/admin/incidents/${i.id}/updates/${u}` })),
      i.resolved
        ? { path: `/admin/incidents/${i.id}/postmortem`, check: shows('textarea[name="body"]', `## What happened\n\n${i.payload.text}`, 'value') }
        : // The update form prefilled from a template whose {{components}} is filled with payload names.
          { path: `/admin/incidents/${i.id}?template=${placeholderTemplate.key}` },
    ]),
    { path: `/admin/incidents/${site.draftPostmortemId}` },
    { path: `/admin/incidents/${site.draftPostmortemId}/postmortem` },
    { path: `/admin/incidents/${site.incidents[0]!.id}/delete` },
    ...XSS_PAYLOADS.map((p, n) => ({
      path: `/admin/incidents/new?template=${incidentTemplates[n]!.key}`,
      check: all(shows('input[name="title"]', p.text, 'value'), shows('textarea[name="message"]', p.text, 'value')),
    })),
    { path: '/admin/incidents/backfill' },
    { path: '/admin/components' },
    { path: `/admin/components/${site.groupId}` },
    ...site.components.map((c) => ({ path: `/admin/components/${c.id}`, check: shows('h1', c.payload.text) })),
    { path: '/admin/components/new' },
    { path: '/admin/settings', check: all(shows('input[name="name"]', HOSTILE_SETTINGS.name, 'value'), shows('input[name="support_url"]', HOSTILE_SETTINGS.supportUrl, 'value')) },
    { path: '/admin/templates' },
    ...incidentTemplates.map((t, n) => ({ path: `/admin/templates/${t.id}`, check: shows('h1', XSS_PAYLOADS[n]!.text) })),
    { path: `/admin/templates/${maintenanceTemplate.id}` },
    { path: '/admin/templates/new' },
    ...site.maintenances.map((m) => ({ path: `/admin/maintenance/${m.id}`, check: shows('h1', m.title) })),
    { path: `/admin/maintenance/new?template=${maintenanceTemplate.key}` },
    { path: '/admin/audit' },
    { path: '/admin/audit?page=2' },
    { path: '/admin/subscribers' },
    { path: '/admin/account' },
    { path: '/admin/tokens' },
    ...tokenIds.map((id) => ({ path: `/admin/tokens/${id}` })),
  ];
}

/** Payloads echoed from the query string, not from the database. */
function reflectedVisits(p: XssPayload): Visit[] {
  const q = encodeURIComponent(p.text);
  return [
    { path: `/history?page=${q}` },
    { path: `/subscribe?component=${q}` },
    { path: `/admin/audit?actor=${q}&type=${q}` },
    { path: `/admin/subscribers?q=${q}&notice=${q}` },
  ];
}

describe.runIf(enabled)('stored XSS payloads on every page, in Chromium', () => {
  const insertPeople = preparePeople();
  const fixture = serveFixture((path, now) => {
    const h = openDatabase(path);
    try {
      insertPeople(h.db, now, ['owner']);
      const site = writeXssSite(h.db, now);
      // The subscriber's own page offers every payload-named component as a choice.
      const managePath = new URL(subscriptionLinks('http://beacon.invalid', linkKey(h.db, now), site.subscriberId, 0).manageUrl).pathname;
      // API tokens named with every payload that fits a token's name.
      const tokenIds = XSS_PAYLOADS.filter((p) => p.text.trim().length <= TOKEN_NAME_MAX).map((p) => createApiToken(h.db, { name: p.text, scope: 'write' }, SYSTEM, now).id);
      return { site, managePath, tokenIds };
    } finally {
      h.close();
    }
  });
  const chromium = useChromium();

  it('public pages: no payload runs and none is live in the DOM, even without the CSP; titles read as written', { timeout: 600_000 }, async () => {
    const { site, managePath } = fixture.data();
    const visits = publicVisits(site, managePath);
    const problems = await sweep(chromium(), fixture.server().url, visits, 'escaping alone (CSP bypassed)', null);
    console.log(`[xss] ${XSS_PAYLOADS.length} payloads × ${visits.length} public pages`);
    expect(problems).toEqual([]);
  });

  it('public pages with the CSP: nothing is blocked, nothing logs an error', { timeout: 600_000 }, async () => {
    const { site, managePath } = fixture.data();
    expect(await sweep(chromium(), fixture.server().url, oneOfEach(publicVisits(site, managePath)), 'with the CSP', null)).toEqual([]);
  });

  it('admin pages signed in as owner: no payload runs and none is live, even without the CSP; forms hold the text', { timeout: 600_000 }, async () => {
    const cookie = await signIn(fixture.server().url, 'owner');
    const visits = adminVisits(fixture.data().site, fixture.data().tokenIds);
    const problems = await sweep(chromium(), fixture.server().url, visits, 'escaping alone (CSP bypassed)', cookie);
    console.log(`[xss] ${XSS_PAYLOADS.length} payloads × ${visits.length} admin pages`);
    expect(problems).toEqual([]);
  });

  it('admin pages with the CSP: nothing is blocked, nothing logs an error', { timeout: 600_000 }, async () => {
    // With the escaping sweep clean, anything the CSP blocks here is the pages' own code.
    const cookie = await signIn(fixture.server().url, 'owner');
    expect(await sweep(chromium(), fixture.server().url, oneOfEach(adminVisits(fixture.data().site, fixture.data().tokenIds)), 'with the CSP', cookie)).toEqual([]);
  });

  it('payloads in the address are shown, if at all, as text', { timeout: 600_000 }, async () => {
    const cookie = await signIn(fixture.server().url, 'owner');
    const visits = XSS_PAYLOADS.flatMap(reflectedVisits);
    const problems = (await sweep(chromium(), fixture.server().url, visits, 'escaping alone (CSP bypassed)', cookie)).filter(
      // A page number that is not one may be refused: the status is not the point here.
      (p) => !/: answered (400|404)$/.test(p),
    );
    console.log(`[xss] ${XSS_PAYLOADS.length} payloads × ${visits.length / XSS_PAYLOADS.length} pages reflecting the query`);
    expect(problems).toEqual([]);
  });

  it('rejected forms re-render the submitted payloads as text, keeping them in their fields', { timeout: 600_000 }, async () => {
    const base = fixture.server().url;
    const cookie = await signIn(base, 'owner');
    const { context, page, drain } = await watchedContext(chromium(), 'escaping alone (CSP bypassed)');
    await context.addCookies([{ name: 'beacon_session', value: cookie, url: base }]);
    const problems: string[] = [];
    /**
     * Fills the form holding `anchor` (browser validation off) and submits it; the refusal re-renders
     * the same form at the same address, so the next payload goes from there. Opens `path` first when elsewhere.
     */
    const submit = async (path: string, anchor: string, fields: Record<string, string>, kept: Record<string, string>): Promise<void> => {
      if (new URL(page.url()).pathname !== path || (await page.locator(anchor).count()) === 0) await page.goto(`${base}${path}`);
      const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document');
      await page.evaluate(
        ({ anchor, fields }) => {
          const form = document.querySelector(anchor)!.closest('form')!;
          form.noValidate = true;
          for (const [name, value] of Object.entries(fields)) {
            const el = form.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`);
            if (el) el.value = value;
          }
          form.requestSubmit();
        },
        { anchor, fields },
      );
      const status = (await answer).status();
      await page.waitForLoadState('load');
      await settle(page);
      const found = [...drain(), ...(await liveDom(page))];
      if (![400, 429].includes(status)) found.push(`answered ${status}, not a refusal`);
      for (const [name, value] of Object.entries(kept)) {
        const wrong = await shows(`[name="${name}"]`, value, 'value')(page);
        if (wrong) found.push(wrong);
      }
      problems.push(...found.map((f) => `POST ${path} ${JSON.stringify(fields).slice(0, 60)}: ${f}`));
    };
    try {
      // No message: refused, the title kept.
      for (const p of XSS_PAYLOADS) await submit('/admin/incidents/new', 'input[name="title"]', { title: p.text, message: '' }, { title: p.text });
      // Every settings field a payload: refused (not a URL, zone or cadence), the text fields kept.
      for (const p of XSS_PAYLOADS) {
        const fields = { name: p.text, url: p.text, time_zone: p.text, description: p.text, support_url: p.text, brand_color: p.text, logo_url: p.text };
        await submit('/admin/settings', 'input[name="name"]', fields, { name: p.text, description: p.text, support_url: p.text });
      }
      for (const p of XSS_PAYLOADS) await submit('/admin/templates/new', 'input[name="name"]', { name: p.text, title: p.text, body: '' }, { name: p.text, title: p.text });
      for (const p of XSS_PAYLOADS) await submit('/admin/components/new', 'input[name="name"]', { name: p.text, slug: p.text, description: p.text }, { name: p.text, description: p.text });
      for (const p of XSS_PAYLOADS) await submit('/subscribe', 'input[name="email"]', { email: p.text }, {});
    } finally {
      await context.close();
    }
    console.log(`[xss] ${XSS_PAYLOADS.length} payloads × 5 refused forms`);
    expect(problems).toEqual([]);
  });

  it('the embed widget on another site shows payload titles as text and runs none', { timeout: 120_000 }, async () => {
    const host = await startHostServer();
    const { context, page, drain } = await watchedContext(chromium(), 'escaping alone (CSP bypassed)');
    try {
      await page.goto(host.page(`<!doctype html><html><head><meta charset="utf-8"><title>Host</title></head><body><p>A third-party site.</p><script src="${fixture.server().url}/embed.js" async></script></body></html>`));
      const notice = page.locator('beacon-status-notice');
      await notice.waitFor({ state: 'attached', timeout: 10_000 });
      await page.waitForTimeout(300);
      const shown = await notice.evaluate((el) => ({
        text: el.shadowRoot?.textContent ?? '',
        hrefs: Array.from(el.shadowRoot?.querySelectorAll('a') ?? []).map((a) => a.getAttribute('href') ?? ''),
        elements: Array.from(el.shadowRoot?.querySelectorAll('*') ?? []).map((e) => e.localName),
      }));
      const open = fixture.data().site.incidents.filter((i) => !i.resolved);
      // The newest open incidents (up to three) are shown, each title as its own text.
      expect(open.some((i) => shown.text.includes(i.payload.text))).toBe(true);
      for (const e of shown.elements) expect(['style', 'div', 'a', 'span', 'button']).toContain(e);
      for (const href of shown.hrefs) expect(href).toMatch(/^https?:\/\//);
      expect(drain()).toEqual([]);
    } finally {
      await context.close();
      await host.stop();
    }
  });

  it('composed mails, opened in a browser, run nothing', { timeout: 120_000 }, async () => {
    const mails = composePayloadMails();
    const { context, page, drain } = await watchedContext(chromium(), 'escaping alone (CSP bypassed)');
    const problems: string[] = [];
    try {
      for (const { kind, mail } of mails) {
        await page.setContent(mail.html, { waitUntil: 'load' });
        await page.waitForTimeout(50);
        problems.push(...[...drain(), ...(await liveDom(page))].map((f) => `${kind} mail “${mail.subject}”: ${f}`));
      }
    } finally {
      await context.close();
    }
    expect(mails.length).toBeGreaterThan(30);
    expect(problems).toEqual([]);
  });
});

describe.runIf(enabled)('page links stored without the settings form, in Chromium', () => {
  // The settings form accepts only http(s)/mailto support links and http(s) or site-path logos;
  // the database (an older version, a script, a restore) may hold anything. Rendering must not rely on the form.
  const fixture = serveFixture((path, now) => {
    const h = openDatabase(path);
    try {
      pageSettings(h.db, 'Links', 'UTC', now - DAY);
      updatePageSettings(h.db, { supportUrl: `javascript:${MARKER_FUNCTION}('support-js')`, logoUrl: `javascript:${MARKER_FUNCTION}('logo-js')` }, now - DAY);
      component(h.db, 'api', 'API', now - DAY);
      subscriber(h.db, 'reader@example.com', 'active', now - DAY);
    } finally {
      h.close();
    }
  });
  const chromium = useChromium();

  it('never renders a javascript: support link or logo, and clicking “Get support” runs nothing', async () => {
    const { page, context, drain } = await watchedContext(chromium(), 'escaping alone (CSP bypassed)');
    try {
      await page.goto(`${fixture.server().url}/`);
      const live = await liveDom(page);
      const support = page.getByRole('link', { name: 'Get support' });
      if ((await support.count()) > 0) await support.click();
      await page.waitForTimeout(200);
      expect([...live, ...drain()]).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
