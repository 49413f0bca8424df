import type { ApiMethod, ApiRoute } from './route.js';

export type RouteMatch =
  | { readonly kind: 'route'; readonly route: ApiRoute; readonly params: Record<string, string> }
  | { readonly kind: 'method'; readonly allowed: readonly ApiMethod[] }
  | { readonly kind: 'none' };

/** Splits `/pages/{page_id}` into literal segments and named holes. */
function segmentsOf(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

/**
 * Finds the route for a method and a decoded path below /api/v1. A literal segment beats a hole
 * (`incidents/unresolved` is not incident “unresolved”), so routes are tried literal-first.
 */
export function matchRoute(routes: readonly ApiRoute[], method: string, segments: readonly string[]): RouteMatch {
  const allowed: ApiMethod[] = [];
  let best: { route: ApiRoute; params: Record<string, string>; holes: number } | null = null;
  for (const route of routes) {
    const pattern = segmentsOf(route.path);
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let holes = 0;
    const fits = pattern.every((p, i) => {
      if (p.startsWith('{') && p.endsWith('}')) {
        params[p.slice(1, -1)] = segments[i]!;
        holes += 1;
        return true;
      }
      return p === segments[i];
    });
    if (!fits) continue;
    if (route.method !== method) {
      allowed.push(route.method);
      continue;
    }
    if (best === null || holes < best.holes) best = { route, params, holes };
  }
  if (best) return { kind: 'route', route: best.route, params: best.params };
  return allowed.length > 0 ? { kind: 'method', allowed } : { kind: 'none' };
}
