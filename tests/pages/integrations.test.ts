import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { updatePageSettings } from '../../src/server/write/settings.js';
import { tempDatabasePath } from '../helpers/db.js';
import { startServer, type RunningServer } from '../helpers/server.js';
import { writePublicSite } from './public-site.fixture.js';

const NAME = 'Acme <b>"Status"</b> & Co';
const BASE = 'https://status.example.com';

let server: RunningServer;
let cleanup: () => void;

beforeAll(async () => {
  const db = tempDatabasePath();
  cleanup = db.cleanup;
  const now = Date.now();
  writePublicSite(db.path, now);
  const handle = openDatabase(db.path);
  updatePageSettings(handle.db, { name: NAME }, now);
  handle.close();
  server = await startServer(db.path, { PUBLIC_URL: BASE });
});

afterAll(async () => {
  await server?.stop();
  cleanup?.();
});

async function html(path: string): Promise<{ status: number; html: string }> {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, html: await res.text() };
}

/** The text inside a <pre data-snippet="…"><code>, as the browser would show it. */
function snippet(page: string, name: string): string {
  const m = new RegExp(`<pre data-snippet="${name}"[^>]*><code[^>]*>([\\s\\S]*?)</code></pre>`).exec(page);
  if (!m) throw new Error(`no snippet ${name}`);
  return m[1]!.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#34;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
}

describe('/integrations', () => {
  it('is linked from the footer of every public page', async () => {
    for (const path of ['/', '/history', '/components/rest']) {
      const { html: page } = await html(path);
      const footer = page.slice(page.indexOf('<footer'));
      expect(footer).toContain('<a href="/integrations">');
    }
  });

  it('gives Markdown and HTML for the page badge with absolute URLs from PUBLIC_URL', async () => {
    const { status, html: page } = await html('/integrations');
    expect(status).toBe(200);
    expect(snippet(page, 'badge-markdown')).toBe(`[![${NAME} status](${BASE}/badge.svg)](${BASE}/)`);
    expect(snippet(page, 'badge-html')).toBe(
      `<a href="${BASE}/"><img src="${BASE}/badge.svg" alt="Acme &lt;b&gt;&quot;Status&quot;&lt;/b&gt; &amp; Co status"></a>`,
    );
  });

  it('gives a component badge, the shields.io URL, the widget tag and the iframe', async () => {
    const { html: page } = await html('/integrations');
    expect(snippet(page, 'component-badge-markdown')).toBe(`[![REST status](${BASE}/components/rest/badge.svg)](${BASE}/)`);
    expect(snippet(page, 'shields-url')).toBe(`https://img.shields.io/endpoint?url=${encodeURIComponent(`${BASE}/badge.json`)}`);
    expect(snippet(page, 'widget')).toBe(`<script src="${BASE}/embed.js" async></script>`);
    expect(snippet(page, 'iframe')).toMatch(new RegExp(`^<iframe src="${BASE}/embed" title="[^"]+" width="\\d+" height="\\d+" style="border:0"></iframe>$`));
  });

  it('lists the JSON API endpoints', async () => {
    const { html: page } = await html('/integrations');
    for (const path of ['summary.json', 'status.json', 'components.json', 'incidents/unresolved.json', 'scheduled-maintenances/active.json']) {
      expect(page).toMatch(new RegExp(`<code[^>]*>${BASE}/api/v2/${path}</code>`));
    }
  });

  it('escapes everything: the page name never becomes markup, and the page runs no script', async () => {
    const { html: page } = await html('/integrations');
    expect(page).not.toContain('<b>"Status"</b>');
    expect(page).not.toMatch(/<script/i);
    // The snippet itself is shown as text, not rendered as an <img> or <iframe> with the public URL.
    expect(page).not.toContain(`<img src="${BASE}`);
    expect(page).not.toContain(`<iframe src="${BASE}`);
  });
});
