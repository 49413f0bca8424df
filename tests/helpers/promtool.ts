import { execFileSync } from 'node:child_process';

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
  if (promtoolPath) return true;
  if (process.env.REQUIRE_PROMTOOL === '1') {
    throw new Error('REQUIRE_PROMTOOL=1 but no promtool found (apt-get install prometheus, or set PROMTOOL_PATH).');
  }
  console.warn('\n!!! PROMTOOL TEST SKIPPED: no promtool found (apt-get install prometheus, or set PROMTOOL_PATH) !!!\n');
  return false;
}
