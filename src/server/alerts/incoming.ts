import type { AlertSource, AlertState } from '../../core/alert.js';
import type { ComponentStatus } from '../../core/component-status.js';

/** One alert as every source is turned into before it is stored and routed. */
export interface IncomingAlert {
  readonly source: AlertSource;
  /** Identity across deliveries: Alertmanager's and Grafana's fingerprint, the generic `key`. */
  readonly key: string;
  readonly state: AlertState;
  /** Short name, e.g. the `alertname` label. */
  readonly name: string;
  readonly summary: string | null;
  readonly labels: Readonly<Record<string, string>>;
  /** Epoch ms when it started firing, per the sender. */
  readonly firedAt: number;
  /** Epoch ms of this state per the sender: firedAt while firing, the end once resolved. Orders deliveries. */
  readonly at: number;
  /**
   * Set by sources that know their component (heartbeats, upstream pages): the alert goes there
   * with this status, whatever the owner's rules and label settings say.
   */
  readonly target?: { readonly componentIds: readonly string[]; readonly componentStatus: ComponentStatus };
}

/**
 * What one alert's delivery did: a new state (fired, resolved), nothing new (duplicate: a resend of
 * what we have; stale: older than what we have), or kept without a component to move (unroutable).
 */
export const ALERT_OUTCOMES = ['fired', 'resolved', 'duplicate', 'stale', 'unroutable'] as const;
export type AlertOutcome = (typeof ALERT_OUTCOMES)[number];
