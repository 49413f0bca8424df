/**
 * The serving benchmark's load generator, run as a child process (see serve.ts) so that sending
 * requests and timing them does not share an event loop with either server it measures. Runs one
 * load at a time on the parent's command, over the fork IPC channel: with wrk when it is installed
 * (`apt-get install wrk`; it keeps up with the fast path), else with autocannon, which saturates
 * near 10,000 req/s here. BENCH_LOAD=autocannon forces autocannon.
 */
import autocannon, { type Instance, type Result } from 'autocannon';
import type { LoadReply, LoadRequest, LoadResult, LoadSpec } from './serve-protocol.js';
import { runWrk, wrkAvailable, type WrkRun } from './wrk.js';

const USE_WRK = process.env.BENCH_LOAD !== 'autocannon' && wrkAvailable();

function reply(message: LoadReply): void {
  process.send?.(message);
}

function summary(result: Result, cpu: NodeJS.CpuUsage): LoadResult {
  return {
    type: 'result',
    requests: result.requests.total,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    bytes: result.throughput.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

let running: Instance | WrkRun | null = null;

function load(spec: LoadSpec, onStarted?: () => void): void {
  if (USE_WRK) {
    const run = runWrk(spec);
    running = run;
    run.done.then(
      (result) => {
        running = null;
        reply(result);
      },
      (error: unknown) => {
        throw error;
      },
    );
    onStarted?.();
    return;
  }
  const cpuAtStart = process.cpuUsage();
  running = autocannon({ url: spec.url, connections: spec.connections, duration: spec.seconds, headers: { ...spec.headers } }, (error, result) => {
    running = null;
    if (error) throw error;
    reply(summary(result, process.cpuUsage(cpuAtStart)));
  });
  onStarted?.();
}

process.on('message', (request: LoadRequest) => {
  if (request.type === 'run') load(request);
  else if (request.type === 'start') load(request, () => reply({ type: 'started' }));
  else if (request.type === 'stop') running?.stop();
  else process.exit(0);
});

reply({ type: 'ready', generator: USE_WRK ? 'wrk' : 'autocannon' });
