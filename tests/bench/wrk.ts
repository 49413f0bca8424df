/**
 * wrk (Debian's `wrk` package) as the serving benchmark's load generator: a C client that keeps
 * up with a fast path autocannon cannot (autocannon saturates near 8,500–10,000 req/s here).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { LoadResult, LoadSpec } from './serve-protocol.js';

/** Whether a `wrk` binary is on the PATH. */
export function wrkAvailable(): boolean {
  return spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
}

/** A wrk duration or latency (`812.00us`, `7.12ms`, `1.20s`, `2m`) in ms. */
export function wrkMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m|h)$/.exec(text.trim());
  if (!m) throw new Error(`unexpected wrk time ${JSON.stringify(text)}`);
  const factor = { us: 0.001, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[m[2] as 'us' | 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * factor;
}

/** wrk's byte counts (`40.00MB read`) in bytes. */
function wrkBytes(text: string): number {
  const m = /^([\d.]+)(B|KB|MB|GB|TB)$/.exec(text.trim());
  if (!m) throw new Error(`unexpected wrk size ${JSON.stringify(text)}`);
  return Number(m[1]) * 1024 ** ['B', 'KB', 'MB', 'GB', 'TB'].indexOf(m[2]!);
}

/** The figures of one `wrk --latency` report; `cpuMs` is measured by the caller. */
export function parseWrk(output: string, cpuMs: number): LoadResult {
  const need = (re: RegExp, what: string): RegExpExecArray => {
    const m = re.exec(output);
    if (!m) throw new Error(`wrk printed no ${what}:\n${output}`);
    return m;
  };
  const total = need(/^\s*(\d+) requests in ([\d.]+\w+), ([\d.]+\w+) read/m, 'request count');
  const latency = need(/^\s*Latency\s+(\S+)\s+(\S+)\s+(\S+)/m, 'latency line');
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return {
    type: 'result',
    requests: Number(total[1]),
    seconds: wrkMs(total[2]!) / 1000,
    p50: wrkMs(need(/^\s*50%\s+(\S+)/m, 'median')[1]!),
    p99: wrkMs(need(/^\s*99%\s+(\S+)/m, '99th percentile')[1]!),
    max: wrkMs(latency[3]!),
    bytes: wrkBytes(total[3]!),
    errors: socket ? Number(socket[1]) + Number(socket[2]) + Number(socket[3]) : 0,
    timeouts: socket ? Number(socket[4]) : 0,
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0),
    cpuMs,
  };
}

/** CPU time of a running process so far, ms (Linux /proc; utime + stime in clock ticks of 10 ms). */
function cpuOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

export interface WrkRun {
  readonly done: Promise<LoadResult>;
  /** Ends an open-ended run early; wrk still prints its report. */
  stop(): void;
}

/** One wrk load on one thread (as the reference figures), sampling its CPU while it runs. */
export function runWrk(spec: LoadSpec): WrkRun {
  const args = ['-t1', `-c${spec.connections}`, `-d${spec.seconds}s`, '--latency', '--timeout', '10s'];
  for (const [name, value] of Object.entries(spec.headers)) args.push('-H', `${name}: ${value}`);
  const child: ChildProcess = spawn('wrk', [...args, spec.url], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  let cpuMs = 0;
  const sampler = setInterval(() => (cpuMs = cpuOf(child.pid!) ?? cpuMs), 100);
  const done = new Promise<LoadResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', () => {
      clearInterval(sampler);
      try {
        resolve(parseWrk(out, cpuMs));
      } catch (e) {
        reject(e);
      }
    });
  });
  return { done, stop: () => child.kill('SIGINT') };
}
