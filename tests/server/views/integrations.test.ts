import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../../src/server/config.js';
import { integrationsView, type IntegrationsView } from '../../../src/server/views/integrations.js';
import { updatePageSettings } from '../../../src/server/write/settings.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, group, page } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);
const CFG: Pick<Config, 'publicUrl' | 'listenUrl'> = { publicUrl: 'https://status.example.com', listenUrl: 'http://localhost:4321' };

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
});
afterEach(() => t.dispose());

function view(cfg = CFG): IntegrationsView {
  const r = integrationsView(t.db, cfg, NOW);
  if (r.kind !== 'ok') throw new Error(`expected ok, got ${r.kind}`);
  return r.view;
}

describe('integrationsView', () => {
  it('page badge snippets use absolute URLs from configuration', () => {
    page(t.db, 'Acme', 'UTC', NOW - DAY);
    const v = view();
    expect(v.pageBadge).toEqual({
      path: '/badge.svg',
      svgUrl: 'https://status.example.com/badge.svg',
      jsonUrl: 'https://status.example.com/badge.json',
      markdown: '[![Acme status](https://status.example.com/badge.svg)](https://status.example.com/)',
      html: '<a href="https://status.example.com/"><img src="https://status.example.com/badge.svg" alt="Acme status"></a>',
      shieldsUrl: 'https://img.shields.io/endpoint?url=https%3A%2F%2Fstatus.example.com%2Fbadge.json',
    });
  });

  it('falls back to the page URL, then to where the server listens', () => {
    expect(view({ publicUrl: null, listenUrl: 'http://localhost:4321' }).baseUrl).toBe('http://localhost:4321');
    updatePageSettings(t.db, { url: 'https://page.example.org/' }, NOW);
    expect(view({ publicUrl: null, listenUrl: 'http://localhost:4321' }).baseUrl).toBe('https://page.example.org');
  });

  it('takes the first leaf component (not a group) as the component example, slug URL-encoded', () => {
    const g = group(t.db, 'core', 'Core', NOW - DAY, 1);
    component(t.db, 'db engine', 'DB [primary]', NOW - DAY, { groupId: g, position: 1 });
    const c = view().componentBadge!;
    expect(c.name).toBe('DB [primary]');
    expect(c.svgUrl).toBe('https://status.example.com/components/db%20engine/badge.svg');
    // Brackets in the alt text are escaped so the Markdown image does not end early.
    expect(c.markdown).toBe('[![DB \\[primary\\] status](https://status.example.com/components/db%20engine/badge.svg)](https://status.example.com/)');
  });

  it('has no component example while the page has no components', () => {
    expect(view().componentBadge).toBeNull();
  });

  it('escapes names inside HTML snippets', () => {
    page(t.db, 'A "quoted" <b>name</b> & co', 'UTC', NOW - DAY);
    const v = view();
    expect(v.pageBadge.html).toContain('alt="A &quot;quoted&quot; &lt;b&gt;name&lt;/b&gt; &amp; co status"');
    expect(v.iframe).toContain('title="A &quot;quoted&quot; &lt;b&gt;name&lt;/b&gt; &amp; co status"');
  });

  it('gives the widget tag, the frame and all eight API endpoints', () => {
    const v = view();
    expect(v.widgetScript).toBe('<script src="https://status.example.com/embed.js" async></script>');
    expect(v.iframe).toMatch(/^<iframe src="https:\/\/status\.example\.com\/embed" /);
    expect(v.api.map((e) => e.url.replace('https://status.example.com', ''))).toEqual([
      '/api/v2/summary.json',
      '/api/v2/status.json',
      '/api/v2/components.json',
      '/api/v2/incidents.json',
      '/api/v2/incidents/unresolved.json',
      '/api/v2/scheduled-maintenances.json',
      '/api/v2/scheduled-maintenances/upcoming.json',
      '/api/v2/scheduled-maintenances/active.json',
    ]);
  });
});
