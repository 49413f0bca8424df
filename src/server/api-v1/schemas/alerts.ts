import { z } from 'zod/v4';
import { ALERT_STATES } from '../../../core/alert.js';
import { ALERT_OUTCOMES } from '../../alerts/incoming.js';
import { named } from '../registry.js';

const labelSet = z.record(z.string(), z.string());

/** One alert as Alertmanager (webhook payload version 4) and Grafana's webhook contact point send it. */
const prometheusStyleAlert = z.object({
  status: z.enum(ALERT_STATES),
  labels: labelSet,
  annotations: labelSet.default({}),
  startsAt: z.string().meta({ format: 'date-time' }),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().min(1).max(200).optional(),
});

export const AlertmanagerPayload = named(
  'AlertmanagerPayload',
  z.object({
    version: z.string().optional(),
    groupKey: z.string().optional(),
    status: z.enum(ALERT_STATES),
    receiver: z.string().optional(),
    groupLabels: labelSet.optional(),
    commonLabels: labelSet.optional(),
    commonAnnotations: labelSet.optional(),
    externalURL: z.string().optional(),
    truncatedAlerts: z.number().int().optional(),
    alerts: z.array(prometheusStyleAlert).min(1).max(1000),
  }),
  'Prometheus Alertmanager’s webhook payload (version 4), as a stock `webhook_configs` entry sends it.',
);

export const GrafanaPayload = named(
  'GrafanaPayload',
  z.object({
    receiver: z.string().optional(),
    status: z.enum(ALERT_STATES),
    orgId: z.number().optional(),
    groupKey: z.string().optional(),
    groupLabels: labelSet.optional(),
    commonLabels: labelSet.optional(),
    commonAnnotations: labelSet.optional(),
    externalURL: z.string().optional(),
    version: z.string().optional(),
    title: z.string().optional(),
    state: z.string().optional(),
    message: z.string().optional(),
    alerts: z.array(prometheusStyleAlert.extend({ values: z.record(z.string(), z.unknown()).nullable().optional() })).min(1).max(1000),
  }),
  'Grafana alerting’s webhook contact point payload.',
);

export const GenericAlert = named(
  'GenericAlert',
  z.object({
    source: z.string().trim().min(1).max(80).describe('What sent it, e.g. “uptime-kuma”, “gatus”, “cron”.'),
    key: z.string().trim().min(1).max(200).describe('The alert’s identity at that source: a resend with the same key is the same alert.'),
    status: z.enum(ALERT_STATES),
    component: z.string().max(200).optional().describe('A component’s slug or name (a group means all of its components).'),
    severity: z.string().max(40).optional().describe('critical → major outage, warning → partial outage, info → degraded (editable).'),
    summary: z.string().max(500).optional(),
    labels: labelSet.optional().describe('More labels for routing rules.'),
    at: z.string().meta({ format: 'date-time' }).optional().describe('When it fired or resolved; default: when received.'),
  }),
  'A small alert shape for everything else (Uptime Kuma, Gatus, Datadog, cron jobs).',
);

export const AlertReceipts = named(
  'AlertReceipts',
  z.object({
    received: z.number().int(),
    alerts: z.array(
      z.object({
        key: z.string(),
        outcome: z.enum(ALERT_OUTCOMES),
        alert_id: z.string(),
        proposal_id: z.string().nullable(),
      }),
    ),
  }),
  'What each alert of the delivery did.',
);
