import type { Db } from '../../../db/client.js';
import type { Config } from '../config.js';
import { escapeHtml } from '../../core/escape-html.js';
import { publicBaseUrl } from '../public-url.js';
import { listComponents } from '../read/components.js';
import { readPageSettings } from '../settings.js';
import { layoutView, type ViewResult } from './common.js';

/** A badge's copy-paste forms; `path` is same-origin, for the preview image on the page itself. */
export interface BadgeSnippets {
  readonly path: string;
  readonly svgUrl: string;
  readonly jsonUrl: string;
  readonly markdown: string;
  readonly html: string;
  readonly shieldsUrl: string;
}

export interface ApiEndpoint {
  readonly url: string;
  readonly description: string;
}

export interface IntegrationsView {
  readonly baseUrl: string;
  readonly pageBadge: BadgeSnippets;
  /** An example for the first component, or null while the page has none. */
  readonly componentBadge: (BadgeSnippets & { readonly name: string }) | null;
  readonly widgetScript: string;
  readonly widgetScriptStyled: string;
  readonly iframe: string;
  readonly api: readonly ApiEndpoint[];
  readonly feeds: readonly ApiEndpoint[];
}

/** The Statuspage v2 endpoints, in Statuspage's own order; clients written for Statuspage work unchanged. */
export const READ_API_ENDPOINTS: readonly (readonly [path: string, description: string])[] = [
  ['/api/v2/summary.json', 'Status, components, unresolved incidents and upcoming or running maintenance'],
  ['/api/v2/status.json', 'The overall indicator and description'],
  ['/api/v2/components.json', 'Every component and its status'],
  ['/api/v2/incidents.json', 'The latest incidents'],
  ['/api/v2/incidents/unresolved.json', 'Incidents not yet resolved'],
  ['/api/v2/scheduled-maintenances.json', 'The latest scheduled maintenance'],
  ['/api/v2/scheduled-maintenances/upcoming.json', 'Maintenance that has not started yet'],
  ['/api/v2/scheduled-maintenances/active.json', 'Maintenance in progress or being verified'],
];

/** Square brackets would end a Markdown image's alt text early. */
function markdownText(text: string): string {
  return text.replace(/([\\[\]])/g, '\\$1');
}

function badgeSnippets(base: string, path: string, alt: string): BadgeSnippets {
  const svgUrl = `${base}${path}.svg`;
  const jsonUrl = `${base}${path}.json`;
  return {
    path: `${path}.svg`,
    svgUrl,
    jsonUrl,
    markdown: `[![${markdownText(alt)}](${svgUrl})](${base}/)`,
    html: `<a href="${escapeHtml(`${base}/`)}"><img src="${escapeHtml(svgUrl)}" alt="${escapeHtml(alt)}"></a>`,
    shieldsUrl: `https://img.shields.io/endpoint?url=${encodeURIComponent(jsonUrl)}`,
  };
}

/**
 * Copy-paste snippets for badges, the widget, the frame and the API, with absolute URLs from
 * configuration (never the request's Host header, which is the client's to choose).
 */
export function integrationsView(db: Db, cfg: Pick<Config, 'publicUrl' | 'listenUrl'>, now: number): ViewResult<IntegrationsView> {
  const settings = readPageSettings(db, now);
  const base = publicBaseUrl(cfg.publicUrl, settings.url, cfg.listenUrl);
  const example = listComponents(db).find((c) => !c.isGroup) ?? null;
  const title = `${settings.name} status`;
  return {
    kind: 'ok',
    layout: layoutView(settings),
    view: {
      baseUrl: base,
      pageBadge: badgeSnippets(base, '/badge', title),
      componentBadge: example
        ? {
            name: example.name,
            ...badgeSnippets(base, `/components/${encodeURIComponent(example.slug)}/badge`, `${example.name} status`),
          }
        : null,
      widgetScript: `<script src="${escapeHtml(`${base}/embed.js`)}" async></script>`,
      widgetScriptStyled: `<script src="${escapeHtml(`${base}/embed.js`)}" data-position="bottom-left" data-background="#ffffff" data-color="#1d2330" async></script>`,
      iframe: `<iframe src="${escapeHtml(`${base}/embed`)}" title="${escapeHtml(title)}" width="320" height="36" style="border:0"></iframe>`,
      api: READ_API_ENDPOINTS.map(([path, description]) => ({ url: `${base}${path}`, description })),
      feeds: [
        { url: `${base}/history.rss`, description: 'Incident history as RSS' },
        { url: `${base}/history.atom`, description: 'Incident history as Atom' },
      ],
    },
  };
}
