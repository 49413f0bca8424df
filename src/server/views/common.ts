import { readableOnLight } from '../../core/contrast.js';
import { formatDateTime, formatIsoInZone } from '../../core/format.js';
import type { PageSettings } from '../settings.js';

/** An instant as a page shows it: text in the page's zone, ISO for `<time datetime>`. */
export interface TimeView {
  readonly iso: string;
  readonly text: string;
}

export interface LayoutView {
  readonly pageName: string;
  readonly description: string | null;
  readonly logoUrl: string | null;
  readonly brandColor: string | null;
  readonly supportUrl: string | null;
  readonly timeZone: string;
}

export type ViewResult<T> =
  | { readonly kind: 'ok'; readonly layout: LayoutView; readonly view: T }
  | { readonly kind: 'not_found' | 'bad_request'; readonly layout: LayoutView; readonly message: string };

export function timeView(epochMs: number, timeZone: string): TimeView {
  return { iso: formatIsoInZone(epochMs, timeZone), text: formatDateTime(epochMs, timeZone) };
}

/** Only plain hex colours reach the page's CSS; anything else falls back to the default. */
const HEX_COLOUR = /^#[0-9a-f]{3}([0-9a-f]{3})?$/i;

/** The light scheme's page and card backgrounds (src/styles/global.css `--bg`, `--surface`): brand-coloured text sits on both. */
const LIGHT_BACKGROUNDS = ['#f6f7f9', '#ffffff'] as const;

/**
 * Only web and mail addresses become links or images: the settings form refuses anything else,
 * and this keeps a value stored some other way (an import, an old version) from becoming a
 * `javascript:` link on every page.
 */
function safeUrl(value: string | null, schemes: readonly string[]): string | null {
  if (!value) return null;
  if (value.startsWith('/') && !value.startsWith('//')) return value;
  try {
    return schemes.includes(new URL(value).protocol) ? value : null;
  } catch {
    return null;
  }
}

export function layoutView(settings: PageSettings): LayoutView {
  return {
    pageName: settings.name,
    description: settings.description,
    logoUrl: safeUrl(settings.logoUrl, ['https:', 'http:']),
    brandColor: settings.brandColor && HEX_COLOUR.test(settings.brandColor) ? readableOnLight(settings.brandColor, LIGHT_BACKGROUNDS) : null,
    supportUrl: safeUrl(settings.supportUrl, ['https:', 'http:', 'mailto:']),
    timeZone: settings.timeZone,
  };
}
