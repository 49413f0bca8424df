import type { AlertState } from '../../core/alert.js';
import type { ComponentStatus } from '../../core/component-status.js';
import { upstreamAlertName } from '../../core/upstream.js';
import type { Actor } from '../audit.js';
import type { IncomingAlert } from '../alerts/incoming.js';
import type { FollowRecord } from './store.js';

/** Who the audit log names for what a followed page does. */
export const UPSTREAM_ACTOR: Actor = { id: null, label: 'upstream page' };

/**
 * A followed component's alert: keyed by our component's id, aimed at it with the upstream's own
 * status (owner rules do not reroute it). `status` is ignored when resolving.
 */
export function upstreamAlert(f: FollowRecord, upstreamName: string, state: AlertState, status: ComponentStatus, now: number): IncomingAlert {
  return {
    source: 'upstream',
    key: f.componentId,
    state,
    name: upstreamAlertName(upstreamName),
    summary: state === 'firing' ? `${upstreamName} reports ${status.replace(/_/g, ' ')} on ${new URL(f.summaryUrl).host}.` : null,
    labels: { alertname: upstreamAlertName(upstreamName), component: f.componentSlug },
    firedAt: now,
    at: now,
    target: { componentIds: [f.componentId], componentStatus: status },
  };
}
