import { isComponentStatus, type ComponentStatus } from './component-status.js';

/**
 * Following a component of another Statuspage-compatible page: reading its /api/v2/summary.json.
 * Statuspage's component statuses are Beacon's own, so they map one to one.
 */

/** What the followed component says, or why it cannot be read (a sentence for the admin page). */
export type UpstreamReading =
  | { readonly ok: true; readonly name: string; readonly status: ComponentStatus }
  | { readonly ok: false; readonly error: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Finds component `componentId` in a parsed summary.json and reads its name and status. */
export function readUpstreamComponent(summary: unknown, componentId: string): UpstreamReading {
  if (!isRecord(summary) || !Array.isArray(summary.components)) {
    return { ok: false, error: 'The answer is not a Statuspage summary: it has no “components” list.' };
  }
  const found = summary.components.find((c): c is Record<string, unknown> => isRecord(c) && c.id === componentId);
  if (!found) return { ok: false, error: `The upstream page has no component with the id “${componentId}”.` };
  const name = typeof found.name === 'string' && found.name.trim() !== '' ? found.name.trim() : componentId;
  if (!isComponentStatus(found.status)) {
    return { ok: false, error: `The upstream component “${name}” has a status Beacon does not know: “${String(found.status).slice(0, 40)}”.` };
  }
  return { ok: true, name, status: found.status };
}

/** The alert name an upstream component's trouble is filed under. */
export function upstreamAlertName(upstreamName: string): string {
  return `Upstream ${upstreamName}`;
}
