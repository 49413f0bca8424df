import { Counter, Histogram, type Registry } from 'prom-client';
import { SUPPORTED_METHODS } from '../http/methods.js';

/**
 * Seconds. Finer than prom-client's defaults at the low end: public pages are served from the
 * render cache in about a millisecond (DESIGN, "Serving under load"), which is the range worth
 * resolving; the top buckets still catch a page that renders slowly under a write burst.
 */
export const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

export interface RequestObservation {
  readonly method: string;
  /** Astro's route pattern ("/components/[slug]"), never the raw path: ids and slugs would make one series per URL. */
  readonly routePattern: string | undefined;
  readonly status: number;
  readonly seconds: number;
}

export interface HttpMetrics {
  observe(o: RequestObservation): void;
}

/** Methods are labelled as themselves when Beacon answers them; anything else becomes "other", so it cannot add series. */
export function methodLabel(method: string): string {
  const upper = method.toUpperCase();
  return (SUPPORTED_METHODS as readonly string[]).includes(upper) ? upper : 'other';
}

/** Unmatched URLs arrive with the 404 page's pattern ("/404"), so the label set stays the route table. */
export function routeLabel(routePattern: string | undefined): string {
  return routePattern || 'unknown';
}

export function registerHttpMetrics(registry: Registry): HttpMetrics {
  const requests = new Counter({
    name: 'beacon_http_requests_total',
    help: 'Requests answered by the server, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'beacon_http_request_duration_seconds',
    help: 'Time from receiving a request to its response being ready (headers; a streamed body may still be flowing).',
    labelNames: ['method', 'route'] as const,
    buckets: [...DURATION_BUCKETS],
    registers: [registry],
  });
  return {
    observe(o: RequestObservation): void {
      const method = methodLabel(o.method);
      const route = routeLabel(o.routePattern);
      requests.inc({ method, route, status: String(o.status) });
      duration.observe({ method, route }, o.seconds);
    },
  };
}
