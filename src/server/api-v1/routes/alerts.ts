import type { AlertSource } from '../../../core/alert.js';
import type { IncomingAlert } from '../../alerts/incoming.js';
import { countAlertReceipts } from '../../metrics/alert-metrics.js';
import { receiveAlerts, type AlertReceipt } from '../../use-cases/alerts.js';
import { assertInstantInBounds } from '../date-bounds.js';
import { ApiError } from '../errors.js';
import { defineRoute, type ApiRoute, type RouteContext } from '../route.js';
import { AlertmanagerPayload, AlertReceipts, GenericAlert, GrafanaPayload } from '../schemas/alerts.js';
import { AUTH_ERRORS, UNPROCESSABLE } from '../schemas/common.js';

/**
 * An instant from a sender, within the date bounds every way in shares. Alertmanager's zero time
 * (`0001-01-01…`, "no end yet") and absent values are null where a value is optional.
 */
function instant(value: string | undefined, field: string, ctx: RouteContext<unknown, unknown>, required: boolean): number | null {
  if (!required && (value === undefined || value.startsWith('0001-'))) return null;
  const ms = value === undefined ? NaN : Date.parse(value);
  if (!Number.isFinite(ms)) throw new ApiError(422, `The field “${field}” is not a date-time: write it as ISO 8601, e.g. 2026-12-04T09:30:00Z.`);
  assertInstantInBounds(ms, field, ctx.page, ctx.now);
  return ms;
}

interface PromStyle {
  readonly status: 'firing' | 'resolved';
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly startsAt: string;
  readonly endsAt?: string | undefined;
  readonly fingerprint?: string | undefined;
}

/** Alertmanager's and Grafana's alerts share a shape; the fingerprint (or the sorted labels) is the identity. */
function fromPromStyle(source: AlertSource, alerts: readonly PromStyle[], ctx: RouteContext<unknown, unknown>): IncomingAlert[] {
  return alerts.map((a, i) => {
    const firedAt = instant(a.startsAt, `alerts.${i}.startsAt`, ctx, true)!;
    const endsAt = instant(a.endsAt, `alerts.${i}.endsAt`, ctx, false);
    const key = a.fingerprint ?? JSON.stringify(Object.entries(a.labels).sort(([x], [y]) => x.localeCompare(y)));
    return {
      source,
      key,
      state: a.status,
      name: a.labels.alertname ?? a.annotations.summary ?? 'Alert',
      summary: a.annotations.summary ?? a.annotations.description ?? null,
      labels: a.labels,
      firedAt,
      at: a.status === 'resolved' ? (endsAt ?? ctx.now) : firedAt,
    };
  });
}

function answer(source: AlertSource, receipts: readonly AlertReceipt[]): { status: 200; body: unknown } {
  countAlertReceipts(source, receipts);
  return {
    status: 200,
    body: { received: receipts.length, alerts: receipts.map((r) => ({ key: r.key, outcome: r.outcome, alert_id: r.alertId, proposal_id: r.proposalId })) },
  };
}

const RESPONSES = { 200: { description: 'What each alert did.', schema: AlertReceipts }, ...AUTH_ERRORS, ...UNPROCESSABLE } as const;

export const ALERT_ROUTES: readonly ApiRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/alerts/alertmanager',
    operationId: 'postAlertmanagerAlerts',
    summary: 'Receive Prometheus Alertmanager’s webhook (alerts or write scope)',
    tag: 'Alerts',
    scope: 'alerts',
    body: AlertmanagerPayload,
    responses: RESPONSES,
    handle: (ctx) => answer('alertmanager', receiveAlerts(ctx.db, fromPromStyle('alertmanager', ctx.body.alerts, ctx), ctx.actor, ctx.page.settings.timeZone, ctx.now)),
  }),
  defineRoute({
    method: 'POST',
    path: '/alerts/grafana',
    operationId: 'postGrafanaAlerts',
    summary: 'Receive Grafana alerting’s webhook contact point (alerts or write scope)',
    tag: 'Alerts',
    scope: 'alerts',
    body: GrafanaPayload,
    responses: RESPONSES,
    handle: (ctx) => answer('grafana', receiveAlerts(ctx.db, fromPromStyle('grafana', ctx.body.alerts, ctx), ctx.actor, ctx.page.settings.timeZone, ctx.now)),
  }),
  defineRoute({
    method: 'POST',
    path: '/alerts/generic',
    operationId: 'postGenericAlert',
    summary: 'Receive one alert in Beacon’s small generic shape (alerts or write scope)',
    tag: 'Alerts',
    scope: 'alerts',
    body: GenericAlert,
    responses: RESPONSES,
    handle: (ctx) => {
      const b = ctx.body;
      const at = instant(b.at, 'at', ctx, false) ?? ctx.now;
      const labels: Record<string, string> = { ...b.labels, alertname: b.key, source: b.source };
      if (b.component !== undefined) labels.component = b.component;
      if (b.severity !== undefined) labels.severity = b.severity;
      const incoming: IncomingAlert = { source: 'generic', key: `${b.source}:${b.key}`, state: b.status, name: b.key, summary: b.summary ?? null, labels, firedAt: at, at };
      return answer('generic', receiveAlerts(ctx.db, [incoming], ctx.actor, ctx.page.settings.timeZone, ctx.now));
    },
  }),
];
