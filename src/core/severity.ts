/**
 * Severities, most severe first (SEV1 is the worst). Definitions follow the incident
 * playbooks the product grew from; cadence is how often customers should hear from us.
 */
export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface SeverityInfo {
  readonly label: string;
  readonly definition: string;
  readonly examples: string;
  /** Minutes between public updates while open; null means no fixed cadence. */
  readonly defaultCadenceMinutes: number | null;
}

export const SEVERITY_INFO: Readonly<Record<Severity, SeverityInfo>> = {
  SEV1: {
    label: 'SEV1 · Critical',
    definition: 'The service is down or unusable for everyone, or data is at risk.',
    examples: 'Whole product unavailable; security breach; data loss risk.',
    defaultCadenceMinutes: 30,
  },
  SEV2: {
    label: 'SEV2 · Major',
    definition: 'A core feature is broken or badly degraded for many customers.',
    examples: 'Sign-in failing; payments or messaging not working for a subset of users.',
    defaultCadenceMinutes: 30,
  },
  SEV3: {
    label: 'SEV3 · Minor',
    definition: 'A non-critical feature is degraded for some customers; a workaround exists.',
    examples: 'Slow responses; a secondary feature unavailable.',
    defaultCadenceMinutes: 120,
  },
  SEV4: {
    label: 'SEV4 · Low',
    definition: 'Minimal impact: cosmetic issues or minor bugs.',
    examples: 'Display glitches; a typo in a notification.',
    defaultCadenceMinutes: null,
  },
};

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}
