import type { Registry } from 'prom-client';

/** The registry in Prometheus text format; never cached, every scrape must see the present. */
export async function metricsResponse(registry: Registry): Promise<Response> {
  return new Response(await registry.metrics(), {
    headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
  });
}
