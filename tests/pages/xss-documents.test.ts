import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { unescapeHtml } from '../helpers/admin-pages.js';
import { liveMarkup } from '../helpers/live-html.js';
import { serveFixture } from '../helpers/server.js';
import { feedParser, xmlText, type XmlNode } from '../helpers/xml.js';
import { MARKER_FUNCTION, XSS_PAYLOADS } from '../helpers/xss-corpus.js';
import { HOSTILE_SETTINGS, writeXssSite } from '../helpers/xss-site.js';

const fixture = serveFixture((path, now) => {
  const h = openDatabase(path);
  try {
    return writeXssSite(h.db, now);
  } finally {
    h.close();
  }
});

async function get(path: string): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(`${fixture.server().url}${path}`);
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/** The stored title of the event a feed entry links to. */
function storedTitle(link: string): string | undefined {
  const { incidents, maintenances } = fixture.data();
  const id = /\/incidents\/([0-9a-z]{12})$/.exec(link)?.[1];
  return incidents.find((i) => i.id === id)?.payload.text ?? maintenances.find((m) => m.id === id)?.title;
}

/** One feed entry as a reader sees it: text fields as plain text, HTML fields as the HTML a reader renders. */
interface Entry {
  readonly link: string;
  /** Plain text as written, if the entry says so; for Atom's type="html" fields, the text once the HTML is read. */
  readonly title: string;
  /** Every field a reader renders as HTML, by element name: the timeline, and RSS description or Atom's type="html" text. */
  readonly html: Readonly<Record<string, string>>;
}

/** A well-formed feed's entries; a text node with elements inside (markup that escaped a CDATA section) is an error. */
function entries(xml: string): Entry[] {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = feedParser.parse(xml);
  const text = (node: XmlNode, what: string): string => {
    const extra = typeof node === 'object' && node !== null ? Object.keys(node).filter((k) => k !== '#text' && !k.startsWith('@_')) : [];
    if (extra.length > 0) throw new Error(`${what} holds elements ${extra.join(', ')}: markup escaped its text`);
    return xmlText(node);
  };
  if (doc.rss) {
    return (doc.rss.channel.item ?? []).map((i: XmlNode): Entry => {
      const link = xmlText(i.link[0]);
      return {
        link,
        title: text(i.title, `RSS title of ${link}`),
        // RSS 2.0's description is HTML to every reader ("may contain entity-encoded HTML").
        html: { 'content:encoded': text(i['content:encoded'], `content of ${link}`), description: text(i.description, `RSS description of ${link}`) },
      };
    });
  }
  return (doc.feed.entry ?? []).map((e: XmlNode): Entry => {
    const link = e.link[0]['@_href'] as string;
    expect(e.title['@_type']).toBe('html');
    const title = text(e.title, `Atom title of ${link}`);
    return { link, title: unescapeHtml(title), html: { content: text(e.content, `content of ${link}`), title, summary: text(e.summary, `Atom summary of ${link}`) } };
  });
}

async function feedEntries(path: string): Promise<Entry[]> {
  const res = await get(path);
  expect(res.status, res.body).toBe(200);
  return entries(res.body);
}

describe('feeds carrying stored XSS payloads', () => {
  const paths = (): string[] => ['/history.rss', '/history.atom', ...fixture.data().components.flatMap((c) => [`/components/${c.slug}/history.rss`, `/components/${c.slug}/history.atom`])];

  it('are well-formed, and every entry title reads exactly as stored', async () => {
    let checked = 0;
    const wrong: string[] = [];
    for (const path of paths()) {
      let list: Entry[];
      try {
        list = await feedEntries(path);
      } catch (e) {
        wrong.push(`${path}: ${(e as Error).message}`);
        continue;
      }
      if (!path.startsWith('/components/')) expect(list.length, path).toBe(XSS_PAYLOADS.length + 4);
      for (const entry of list) {
        const stored = storedTitle(entry.link);
        if (stored === undefined) continue;
        checked += 1;
        if (entry.title !== stored) wrong.push(`${path}: ${JSON.stringify(entry.title)} instead of ${JSON.stringify(stored)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(2 * XSS_PAYLOADS.length);
  });

  it('carry no live markup in any field a reader renders as HTML', async () => {
    const problems: string[] = [];
    for (const path of paths()) {
      let list: Entry[];
      try {
        list = entries((await get(path)).body);
      } catch {
        continue; // Not well-formed: reported by the test above.
      }
      for (const entry of list) {
        const id = entry.link.slice(entry.link.lastIndexOf('/') + 1);
        for (const [field, html] of Object.entries(entry.html)) problems.push(...liveMarkup(html).map((p) => `${path} <${field}> of ${id}: ${p}`));
      }
    }
    expect(problems).toEqual([]);
  });

  it('show Markdown payloads escaped, not dropped: the timeline still says what was written around them', async () => {
    const list = await feedEntries('/history.atom');
    const scriptTag = fixture.data().incidents.find((i) => i.payload.id === 'script-tag')!;
    const entry = list.find((e) => e.link.endsWith(`/incidents/${scriptTag.id}`))!;
    // disallowedTagsMode 'escape': the tag is shown as text, so readers see what the incident said.
    expect(entry.html.content).toContain('&lt;script&gt;');
    expect(entry.html.content).not.toContain('<script');
  });
});

describe('JSON API with stored XSS payloads', () => {
  const ENDPOINTS = [
    'summary.json',
    'status.json',
    'components.json',
    'incidents.json',
    'incidents/unresolved.json',
    'scheduled-maintenances.json',
    'scheduled-maintenances/upcoming.json',
    'scheduled-maintenances/active.json',
  ];

  it.each(ENDPOINTS)('/api/v2/%s parses, is served as JSON (never sniffed as HTML) and keeps names exactly', async (endpoint) => {
    const res = await get(`/api/v2/${endpoint}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json\b/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const json = JSON.parse(res.body) as Record<string, unknown>;
    expect((json.page as { name: string }).name).toBe(HOSTILE_SETTINGS.name);
  });

  it('summary.json and incidents.json carry every payload title and component name verbatim', async () => {
    const summary = JSON.parse((await get('/api/v2/summary.json')).body) as { components: { name: string; description: string | null }[]; incidents: { name: string }[] };
    const incidents = JSON.parse((await get('/api/v2/incidents.json')).body) as { incidents: { name: string; incident_updates: { body: string }[] }[] };
    for (const p of XSS_PAYLOADS) {
      expect(summary.components.map((c) => c.name), p.id).toContain(p.text);
      expect(incidents.incidents.map((i) => i.name), p.id).toContain(p.text);
      expect(incidents.incidents.flatMap((i) => i.incident_updates.map((u) => u.body)), p.id).toContain(p.text);
    }
  });
});

describe('badges, the embed frame and the widget script with stored XSS payloads', () => {
  /** An SVG badge: well-formed, nothing live in it, and its accessible text is the label as written. */
  function checkBadge(svg: string, label: string): void {
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(liveMarkup(svg, { allowElements: ['svg'] })).toEqual([]);
    const doc = feedParser.parse(svg);
    expect(xmlText(doc.svg.title).replace(/\s+/g, ' ')).toContain(label.replace(/\s+/g, ' ').trim());
  }

  it('/badge.svg, also with a payload as ?label=', async () => {
    const plain = await get('/badge.svg');
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    checkBadge(plain.body, 'status');
    for (const p of XSS_PAYLOADS.filter((x) => Array.from(x.text).length <= 60 && !/[\u0000-\u001f\u007f-\u009f]/.test(x.text))) {
      const res = await get(`/badge.svg?label=${encodeURIComponent(p.text)}`);
      expect(res.status, p.id).toBe(200);
      checkBadge(res.body, p.text);
    }
  });

  it('/components/{slug}/badge.svg for every payload-named component, and its shields.io JSON', async () => {
    for (const c of fixture.data().components) {
      const svg = await get(`/components/${c.slug}/badge.svg`);
      expect(svg.status, c.slug).toBe(200);
      checkBadge(svg.body, c.payload.text);
      const json = await get(`/components/${c.slug}/badge.json`);
      expect((JSON.parse(json.body) as { label: string }).label, c.slug).toBe(c.payload.text);
    }
  });

  it('/embed names the page as text and has no script at all', async () => {
    const res = await get('/embed');
    expect(res.status).toBe(200);
    expect(liveMarkup(res.body, { allowElements: ['style'] })).toEqual([]);
    expect(res.body).not.toContain('<script');
    expect(unescapeHtml(/<title>([\s\S]*?)<\/title>/.exec(res.body)![1]!)).toBe(`${HOSTILE_SETTINGS.name} status`);
    // Exactly one <style>, the frame's own: the brand colour never reaches it.
    expect(res.body.match(/<style/g)).toHaveLength(1);
    expect(res.body).not.toContain('brand-color');
  });

  it('/embed.js is the static widget: served as JavaScript, unsniffable, with no stored text in it', async () => {
    const res = await get('/embed.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.body).not.toContain(MARKER_FUNCTION);
  });
});
