import { execFileSync } from 'node:child_process';
import { externalToolAvailable } from './external-tool.js';

/** Prometheus' promtool (Debian: apt-get install prometheus), if installed. */
function findPromtool(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export const promtoolPath: string | undefined = process.env.PROMTOOL_PATH || findPromtool();

/**
 * Whether promtool tests run. Without promtool they skip with a loud notice, except when
 * REQUIRE_PROMTOOL=1 (CI), where a missing promtool is a failure.
 */
export function promtoolAvailable(): boolean {
  return externalToolAvailable({ found: promtoolPath !== undefined, what: 'promtool', require: 'REQUIRE_PROMTOOL', install: 'apt-get install prometheus, or set PROMTOOL_PATH' });
}
