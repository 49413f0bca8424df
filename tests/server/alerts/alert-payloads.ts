/**
 * Payloads shaped exactly as the senders document them: Alertmanager's webhook (version 4) from
 * its configuration docs, Grafana's webhook contact point from Grafana's alerting docs.
 */
export function alertmanagerPayload(
  status: 'firing' | 'resolved',
  alerts: { fingerprint: string; labels: Record<string, string>; startsAt: string; endsAt?: string; summary?: string }[],
): Record<string, unknown> {
  return {
    receiver: 'beacon',
    status,
    alerts: alerts.map((a) => ({
      status,
      labels: a.labels,
      annotations: { summary: a.summary ?? `${a.labels.alertname} on ${a.labels.component}` },
      startsAt: a.startsAt,
      endsAt: a.endsAt ?? '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example:9090/graph?g0.expr=up+%3D%3D+0',
      fingerprint: a.fingerprint,
    })),
    groupLabels: { alertname: alerts[0]!.labels.alertname },
    commonLabels: alerts[0]!.labels,
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    version: '4',
    groupKey: '{}:{alertname="HighErrorRate"}',
    truncatedAlerts: 0,
  };
}

/** Grafana 10+'s webhook body for one firing alert (fields as its documentation lists them). */
export const GRAFANA_FIRING = {
  receiver: 'beacon',
  status: 'firing',
  orgId: 1,
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'Database latency', grafana_folder: 'Ops', component: 'db', severity: 'warning' },
      annotations: { summary: 'p99 query latency above 2 s' },
      startsAt: '2026-12-04T11:55:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://grafana.example/alerting/grafana/abc/view',
      fingerprint: '3cd2b2e1a1e0b7f1',
      silenceURL: 'http://grafana.example/alerting/silence/new',
      dashboardURL: '',
      panelURL: '',
      values: { B: 2.3, C: 1 },
      valueString: "[ var='B' labels={} value=2.3 ]",
    },
  ],
  groupLabels: { alertname: 'Database latency' },
  commonLabels: { alertname: 'Database latency', component: 'db' },
  commonAnnotations: {},
  externalURL: 'http://grafana.example/',
  version: '1',
  groupKey: '{}/{alertname="Database latency"}:{alertname="Database latency"}',
  truncatedAlerts: 0,
  title: '[FIRING:1] Database latency Ops',
  state: 'alerting',
  message: '**Firing**\n\nValue: B=2.3',
};
