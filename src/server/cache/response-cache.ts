import type { Encoding } from './encoding.js';

/** One rendered response, with its body in every encoding we serve. */
export interface CachedResponse {
  readonly status: 200;
  /** Header name → value, as the renderer set them (minus hop-by-hop and body-specific ones). */
  readonly headers: Readonly<Record<string, string>>;
  readonly bodies: Readonly<Record<Encoding, Buffer>>;
  /** Strong ETags, one per encoding (the bytes differ). */
  readonly etags: Readonly<Record<Encoding, string>>;
  /** The complete response headers of each variant (ETag, encoding, length included). */
  readonly ready: Readonly<Record<Encoding, Readonly<Record<string, string>>>>;
  /** The content version and clock minute it was rendered at; stale when either moved. */
  readonly version: number;
  readonly minute: number;
}

/**
 * A bounded least-recently-used map of rendered responses. The bound is in bytes (all encodings
 * of all entries), so a flood of distinct query strings evicts old entries instead of growing memory.
 */
export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get size(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  get(key: string): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      // Re-insert: Map order is our recency order.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: CachedResponse): void {
    this.delete(key);
    const size = sizeOf(entry);
    if (size > this.maxBytes) return;
    this.entries.set(key, entry);
    this.bytes += size;
    while (this.bytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= sizeOf(entry);
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}

function sizeOf(entry: CachedResponse): number {
  return entry.bodies.br.length + entry.bodies.gzip.length + entry.bodies.identity.length + 512;
}
