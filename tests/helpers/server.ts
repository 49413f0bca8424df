import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { tempDatabasePath } from './db.js';
import { freePort } from './free-port.js';

export interface RunningServer {
  readonly url: string;
  readonly process: ChildProcess;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What the server prints once it holds its port (src/cli/serve.ts). */
const LISTENING = 'Beacon listening on ';
/** Starts on another free port when the one picked was taken before the server could bind it. */
const PORT_ATTEMPTS = 3;

/**
 * Starts the server (npm run serve, on the build in dist/ or BEACON_OUT_DIR) on a free loopback port against the given database file.
 * `startupMs`: how long it may take to answer `/` (a loaded shared machine can need more than the default).
 *
 * The port is free when picked, but another process can take it before the server binds it (test
 * files start servers side by side): the server then fails to listen, and a probe of the port
 * would reach the other process. So the server counts as started only once its own output says it
 * listens; one that lost its port is started again on another (unless the caller chose PORT).
 */
export async function startServer(databasePath: string, env: Record<string, string> = {}, options: { startupMs?: number } = {}): Promise<RunningServer> {
  // Generous by default: on a loaded 2-core machine a cold start (tsx, the build, SQLite) has taken well over 20 s.
  const startupMs = options.startupMs ?? 150_000;
  for (let attempt = 1; ; attempt++) {
    // A caller that must know the address before the start (to register it elsewhere) passes PORT.
    const port = env.PORT ? Number(env.PORT) : await freePort();
    const started = await startOnPort(databasePath, port, env, startupMs);
    if (started !== 'port taken') return started;
    if (env.PORT || attempt === PORT_ATTEMPTS) throw new Error(`port ${port} was taken before the server could listen on it`);
  }
}

async function startOnPort(databasePath: string, port: number, env: Record<string, string>, startupMs: number): Promise<RunningServer | 'port taken'> {
  const deadline = Date.now() + startupMs;
  const outDir = process.env.BEACON_OUT_DIR || 'dist';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/serve.ts'], {
    cwd: ROOT,
    env: { ...process.env, BEACON_OUT_DIR: outDir, HOST: '127.0.0.1', PORT: String(port), DATABASE_PATH: databasePath, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) {
      if (log.includes('EADDRINUSE')) return 'port taken';
      throw new Error(`server exited with ${child.exitCode}:\n${log}`);
    }
    try {
      if (!log.includes(LISTENING)) throw new Error('not listening yet');
      await fetch(`${url}/`, { signal: AbortSignal.timeout(2_000) });
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`server did not answer within ${startupMs / 1000} s:\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    process: child,
    output: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        // A process ended by a signal has signalCode set and exitCode null.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface ServedFixture<T> {
  /** The running server; valid inside tests (after beforeAll). */
  readonly server: () => RunningServer;
  /** What `fill` returned. */
  readonly data: () => T;
}

/**
 * For a test file: before all tests, fill a fresh database file with `fill` and start the
 * built server on it (with `env`); after all, stop it and delete the file.
 */
export function serveFixture<T>(
  fill: (databasePath: string, now: number) => T | Promise<T>,
  env: Record<string, string> = {},
): ServedFixture<T> {
  let server: RunningServer | undefined;
  let data: T | undefined;
  let cleanup: (() => void) | undefined;
  beforeAll(async () => {
    const db = tempDatabasePath();
    cleanup = db.cleanup;
    data = await fill(db.path, Date.now());
    server = await startServer(db.path, env);
  });
  afterAll(async () => {
    await server?.stop();
    cleanup?.();
  });
  return {
    server: () => server ?? fail('the fixture server is only available inside tests'),
    data: () => data ?? fail('the fixture data is only available inside tests'),
  };
}

function fail(message: string): never {
  throw new Error(message);
}
