/**
 * The mail section's baseline: a bare nodemailer pool sending copies of Beacon's composed mail
 * to as many recipients with the same concurrency, into the same sink.
 */
import { performance } from 'node:perf_hooks';
import nodemailer from 'nodemailer';
import { newPublicId } from '../../src/server/ids.js';
import type { OutgoingMail } from '../../src/server/outbox/mailer.js';
import { beaconConfig, SOCKET_TIMEOUT_MS } from './fanout-mail-beacon.js';
import { rssSampler, type RoundResult } from './fanout-measure.js';
import { sinkReport, type Sink } from './fanout-sink-client.js';

export async function runBare(sink: Sink, pool: number, n: number, template: OutgoingMail): Promise<RoundResult> {
  const problems: string[] = [];
  const config = beaconConfig(sink.url, pool);
  // The options createSmtpMailer means to set, in the one form nodemailer reads as transport
  // options: after a URL string, a second argument only holds message defaults.
  const transport = nodemailer.createTransport({
    url: sink.url,
    pool: true,
    maxConnections: pool,
    maxMessages: Infinity,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: SOCKET_TIMEOUT_MS,
  });
  await sink.request({ type: 'reset' });
  const latencies: number[] = [];
  let failures = 0;
  let firstError = '';
  let next = 0;
  // `pool` lanes, each with one mail in flight: the worker's concurrency, no queue inside nodemailer.
  const lane = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      const started = performance.now();
      try {
        await transport.sendMail({
          from: config.mailFrom,
          to: `subscriber${i}@example.com`,
          subject: template.subject,
          text: template.text,
          html: template.html,
          messageId: `<bare.${i}.${newPublicId()}@status.acme.example>`,
          headers: { ...template.headers },
        });
        latencies.push(performance.now() - started);
      } catch (e) {
        failures++;
        firstError ||= (e as Error).message;
      }
    }
  };
  const rss = rssSampler();
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(Array.from({ length: pool }, lane));
  const totalMs = performance.now() - start;
  const senderCpu = process.cpuUsage(cpu);
  const peakRssBytes = rss.stop();
  transport.close();
  const report = await sinkReport(sink);
  if (failures > 0) problems.push(`${failures} sends failed, first: ${firstError}`);
  if (report.messages !== n || report.distinctRecipients !== n) problems.push(`the sink got ${report.messages} mails for ${report.distinctRecipients} distinct recipients, expected ${n}`);
  return { side: 'bare', pool, messages: latencies.length, enqueueMs: null, totalMs, latencies, senderCpuMs: (senderCpu.user + senderCpu.system) / 1000, sinkCpuMs: report.cpuMs, connections: report.connections, peakRssBytes, problems };
}
