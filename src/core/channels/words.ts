/** Words a chat channel's reader sees that are not the update itself. */
import type { Tone } from './message.js';

export const CHANNEL_WORDS = {
  viewIncident: 'View on the status page',
  manage: 'Manage subscription',
  /** Shown in place of an empty body, so a card never renders blank. */
  noDetails: 'No further details.',
} as const;

export const TONE_LABELS: Readonly<Record<Tone, string>> = {
  critical: 'Major outage',
  major: 'Partial outage',
  minor: 'Degraded performance',
  maintenance: 'Maintenance',
  resolved: 'Resolved',
  info: 'Information',
};

/**
 * Tone colours, RGB. The same scale as the status badges (operational green, degraded amber,
 * partial orange, major red, maintenance blue); info is neutral grey.
 */
export const TONE_RGB: Readonly<Record<Tone, number>> = {
  critical: 0xd12f2f,
  major: 0xe06c00,
  minor: 0xb8860b,
  maintenance: 0x2f6fde,
  resolved: 0x1f9254,
  info: 0x6b7280,
};
