import type { Db } from '../../../../db/client.js';
import { COMPONENT_STATUS_LABELS, COMPONENT_STATUSES, type ComponentStatus } from '../../../core/component-status.js';
import { formatDateTime, formatDuration } from '../../../core/format.js';
import { heartbeatDeadline } from '../../../core/heartbeat.js';
import { listHeartbeats } from '../../heartbeats/store.js';
import { listComponents } from '../../read/components.js';
import { listFollows } from '../../upstream/store.js';

/** What the heartbeats and upstream pages show: the admin's words for alert sources that Beacon watches itself. */

export interface Option {
  readonly value: string;
  readonly label: string;
}

/** Leaf components (a heartbeat or a follow moves one component, never a group). */
export function leafComponentOptions(db: Db): Option[] {
  return listComponents(db)
    .filter((c) => !c.isGroup)
    .map((c) => ({ value: c.id, label: c.name }));
}

/** The statuses a missed heartbeat may set (never operational). */
export const OUTAGE_STATUS_OPTIONS: readonly Option[] = COMPONENT_STATUSES.filter((s) => s !== 'operational').map((s) => ({ value: s, label: COMPONENT_STATUS_LABELS[s] }));

const seconds = (s: number): string => (s < 60 ? `${s} s` : formatDuration(s * 1000));

export interface HeartbeatRowView {
  readonly id: string;
  readonly name: string;
  readonly component: string;
  readonly every: string;
  readonly statusLabel: string;
  readonly lastPing: string;
  readonly dueBy: string;
  readonly state: 'late' | 'on time';
}

export function heartbeatRows(db: Db, timeZone: string): HeartbeatRowView[] {
  return listHeartbeats(db).map((h) => ({
    id: h.id,
    name: h.name,
    component: h.componentName,
    every: h.graceSeconds === 0 ? seconds(h.periodSeconds) : `${seconds(h.periodSeconds)} + ${seconds(h.graceSeconds)} grace`,
    statusLabel: COMPONENT_STATUS_LABELS[h.componentStatus],
    lastPing: h.lastPingAt === null ? 'never' : formatDateTime(h.lastPingAt, timeZone),
    dueBy: formatDateTime(heartbeatDeadline(h), timeZone),
    state: h.firing ? 'late' : 'on time',
  }));
}

export interface FollowRowView {
  readonly componentId: string;
  readonly component: string;
  readonly summaryUrl: string;
  readonly upstreamComponentId: string;
  readonly lastStatus: string;
  readonly lastPolled: string;
  readonly lastError: string | null;
}

const statusLabel = (s: ComponentStatus | null): string => (s === null ? 'not read yet' : COMPONENT_STATUS_LABELS[s]);

export function followRows(db: Db, timeZone: string): FollowRowView[] {
  return listFollows(db).map((f) => ({
    componentId: f.componentId,
    component: f.componentName,
    summaryUrl: f.summaryUrl,
    upstreamComponentId: f.upstreamComponentId,
    lastStatus: statusLabel(f.lastStatus),
    lastPolled: f.lastPolledAt === null ? 'not yet' : formatDateTime(f.lastPolledAt, timeZone),
    lastError: f.lastError,
  }));
}
