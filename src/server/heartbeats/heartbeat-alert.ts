import type { AlertState } from '../../core/alert.js';
import { heartbeatDeadline } from '../../core/heartbeat.js';
import type { Actor } from '../audit.js';
import type { IncomingAlert } from '../alerts/incoming.js';
import type { HeartbeatRecord } from './store.js';

/** Who the audit log names for what a heartbeat does: the heartbeat itself, not a person. */
export function heartbeatActor(h: Pick<HeartbeatRecord, 'name'>): Actor {
  return { id: null, label: `heartbeat “${h.name}”` };
}

/**
 * A heartbeat's alert: keyed by its id, aimed at its own component with its own status (owner
 * rules do not reroute it). It fires as of the deadline it missed and resolves as of the ping.
 */
export function heartbeatAlert(h: HeartbeatRecord, state: AlertState, now: number): IncomingAlert {
  const missedAt = heartbeatDeadline(h);
  return {
    source: 'heartbeat',
    key: h.id,
    state,
    name: h.name,
    summary: state === 'firing' ? `No ping from “${h.name}” within ${h.periodSeconds + h.graceSeconds} s.` : null,
    labels: { alertname: h.name, component: h.componentSlug },
    firedAt: missedAt,
    at: state === 'firing' ? missedAt : now,
    target: { componentIds: [h.componentId], componentStatus: h.componentStatus },
  };
}
