import { COMPONENT_STATUS_LABELS, type ComponentStatus } from '../../core/component-status.js';
import type { Indicator, PageStatus } from '../../core/indicator.js';

/** What a badge says, independent of how it is drawn (SVG) or handed to shields.io (JSON). */
export interface BadgeModel {
  readonly label: string;
  readonly message: string;
  /** A CSS hex colour; the same value goes into the SVG and the shields.io endpoint JSON. */
  readonly color: string;
}

/** The two encodings of a badge: an image, and shields.io's endpoint schema. */
export const BADGE_FORMATS = ['svg', 'json'] as const;
export type BadgeFormat = (typeof BADGE_FORMATS)[number];

/**
 * The shields.io styles we draw. `plastic` and `social` are left out on purpose: plastic is
 * deprecated upstream and social is meant for counters, not for a status.
 */
export const BADGE_STYLES = ['flat', 'flat-square', 'for-the-badge'] as const;
export type BadgeStyle = (typeof BADGE_STYLES)[number];
export const DEFAULT_BADGE_STYLE: BadgeStyle = 'flat';

/** Longest label we draw, in characters; a longer `?label=` is cut with an ellipsis rather than refused. */
export const MAX_LABEL_LENGTH = 60;

export const DEFAULT_PAGE_LABEL = 'status';

/**
 * Colours follow the status page's own light palette, so a badge in a README looks like the
 * banner a reader lands on when they click it.
 */
export const STATUS_COLOURS: Readonly<Record<ComponentStatus, string>> = {
  operational: '#1f9254',
  degraded_performance: '#b8860b',
  partial_outage: '#e06c00',
  major_outage: '#d12f2f',
  under_maintenance: '#2f6fde',
};

/** Indicators map onto the same scale: minor is a degradation, major a partial outage, critical a major one. */
export const INDICATOR_COLOURS: Readonly<Record<Indicator, string>> = {
  none: STATUS_COLOURS.operational,
  minor: STATUS_COLOURS.degraded_performance,
  major: STATUS_COLOURS.partial_outage,
  critical: STATUS_COLOURS.major_outage,
  maintenance: STATUS_COLOURS.under_maintenance,
};

/** shields.io's "lightgrey": the colour of "we do not know". */
export const UNKNOWN_COLOUR = '#9f9f9f';
/** shields.io's "red" for a badge that reports a mistake in its own URL rather than a status. */
export const ERROR_COLOUR = '#e05d44';

export function isBadgeFormat(value: string | undefined): value is BadgeFormat {
  return (BADGE_FORMATS as readonly string[]).includes(value ?? '');
}

export type StyleParam = { readonly ok: true; readonly style: BadgeStyle } | { readonly ok: false; readonly message: string };

/**
 * `?style=`: absent or empty means flat. An unknown style is refused (400) rather than silently
 * drawn flat, so whoever pastes the URL sees the mistake instead of wondering why nothing changed.
 */
export function parseBadgeStyle(raw: string | null): StyleParam {
  if (raw === null || raw === '') return { ok: true, style: DEFAULT_BADGE_STYLE };
  if ((BADGE_STYLES as readonly string[]).includes(raw)) return { ok: true, style: raw as BadgeStyle };
  return { ok: false, message: `style must be ${BADGE_STYLES.slice(0, -1).join(', ')} or ${BADGE_STYLES.at(-1)}` };
}

/**
 * `?label=` as drawn: control characters dropped, whitespace collapsed, cut to MAX_LABEL_LENGTH
 * characters with an ellipsis. Truncating (not refusing) keeps a README image working; the cut is
 * visible, so the author notices. An empty value is kept: like shields.io, it draws the message alone.
 * Returns null when no label was asked for, so the caller's default applies.
 */
export function normaliseLabel(raw: string | null): string | null {
  if (raw === null) return null;
  // eslint-disable-next-line no-control-regex
  const cleaned = raw.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replace(/\s+/g, ' ').trim();
  // Count code points, not UTF-16 units, so an emoji is never split in half.
  const chars = Array.from(cleaned);
  if (chars.length <= MAX_LABEL_LENGTH) return cleaned;
  return `${chars.slice(0, MAX_LABEL_LENGTH - 1).join('').trimEnd()}…`;
}

/** The whole page: "status | all systems operational", coloured by the page indicator. */
export function pageBadge(status: PageStatus, label: string | null): BadgeModel {
  return {
    label: label ?? DEFAULT_PAGE_LABEL,
    message: status.description.toLowerCase(),
    color: INDICATOR_COLOURS[status.indicator],
  };
}

/** One component: "<name> | partial outage", coloured by its status. */
export function componentBadge(component: { readonly name: string; readonly status: ComponentStatus }, label: string | null): BadgeModel {
  return {
    label: label ?? component.name,
    message: COMPONENT_STATUS_LABELS[component.status].toLowerCase(),
    color: STATUS_COLOURS[component.status],
  };
}

/**
 * A component we do not know. The slug is not echoed: the badge would otherwise draw any text a
 * link author chose under this page's name.
 */
export function unknownBadge(label: string | null): BadgeModel {
  return { label: label ?? DEFAULT_PAGE_LABEL, message: 'unknown', color: UNKNOWN_COLOUR };
}

/** A badge explaining a mistake in the badge URL itself, drawn where the author will see it. */
export function errorBadge(message: string): BadgeModel {
  return { label: 'badge', message, color: ERROR_COLOUR };
}
