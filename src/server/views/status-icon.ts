import type { ComponentStatus } from '../../core/component-status.js';
import type { Indicator } from '../../core/indicator.js';

/** Each status has its own shape, so it never depends on colour alone. */
export const ICON_SHAPES = ['check', 'warn', 'alert', 'cross', 'wrench'] as const;
export type IconShape = (typeof ICON_SHAPES)[number];

export type IconKind = ComponentStatus | Indicator;

const SHAPE: Readonly<Record<IconKind, IconShape>> = {
  operational: 'check',
  none: 'check',
  // A warning triangle for the mildest trouble: a circled minus reads as "disabled".
  degraded_performance: 'warn',
  minor: 'warn',
  partial_outage: 'alert',
  major: 'alert',
  major_outage: 'cross',
  critical: 'cross',
  under_maintenance: 'wrench',
  maintenance: 'wrench',
};

/** The id of a shape's `<symbol>` in the page's icon sprite (StatusIconSprite.astro, once per page). */
export function iconSymbolId(shape: IconShape): string {
  return `status-icon-${shape}`;
}

/**
 * The same-document reference a status icon's `<use>` draws: a page of hundreds of components
 * carries each shape's markup once, not once per row.
 */
export function statusIconHref(kind: IconKind): string {
  return `#${iconSymbolId(SHAPE[kind])}`;
}
