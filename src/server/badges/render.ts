import { makeBadge } from 'badge-maker';
import { xmlSafe } from '../../core/xml-safe.js';
import type { BadgeModel, BadgeStyle } from './badge-model.js';

/** The badge as an SVG image, drawn by shields.io's own library so it looks like every other badge in a README. */
export function renderBadgeSvg(badge: BadgeModel, style: BadgeStyle): string {
  // badge-maker escapes label and message for XML itself, but keeps characters XML forbids.
  return makeBadge({ label: xmlSafe(badge.label), message: xmlSafe(badge.message), color: badge.color, style });
}

/** shields.io's endpoint schema (https://shields.io/badges/endpoint-badge), version 1. */
export interface ShieldsEndpoint {
  readonly schemaVersion: 1;
  readonly label: string;
  readonly message: string;
  readonly color: string;
  /** Only when the caller chose one; otherwise shields.io's own `?style=` applies. */
  readonly style?: BadgeStyle;
  /** Marks a badge that reports an error (unknown component, bad URL) rather than a status. */
  readonly isError?: true;
}

export function shieldsEndpoint(badge: BadgeModel, options: { style?: BadgeStyle; isError?: boolean } = {}): ShieldsEndpoint {
  return {
    schemaVersion: 1,
    label: badge.label,
    message: badge.message,
    color: badge.color,
    ...(options.style ? { style: options.style } : {}),
    ...(options.isError ? { isError: true as const } : {}),
  };
}

export function renderBadgeJson(badge: BadgeModel, options: { style?: BadgeStyle; isError?: boolean } = {}): string {
  return JSON.stringify(shieldsEndpoint(badge, options));
}
