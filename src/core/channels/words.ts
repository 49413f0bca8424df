/** Words a chat channel's reader sees that are not the update itself. */
import { COMPONENT_STATUS_LABELS, type ComponentStatus } from '../component-status.js';
import type { Tone } from './message.js';

export const CHANNEL_WORDS = {
  viewIncident: 'View on the status page',
  manage: 'Manage subscription',
  /** Shown in place of an empty body, so a card never renders blank. */
  noDetails: 'No further details.',
  statusFact: 'Status',
  /** The headline of a component status change a subscriber follows. */
  componentChanged: (component: string, from: ComponentStatus, to: ComponentStatus): string =>
    `${component}: ${COMPONENT_STATUS_LABELS[from]} → ${COMPONENT_STATUS_LABELS[to]}`,
  componentChangedText: (component: string, to: ComponentStatus): string => `${component} is now shown as ${COMPONENT_STATUS_LABELS[to]} on the status page.`,
} as const;

/** The tone of a message about a component that now has this status. */
export const COMPONENT_STATUS_TONES: Readonly<Record<ComponentStatus, Tone>> = {
  operational: 'resolved',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
  under_maintenance: 'maintenance',
};

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
