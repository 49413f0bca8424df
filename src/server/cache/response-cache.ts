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
 * A bounded map of rendered responses that evicts the least recently used first, approximately:
 * a hit only marks its entry used (a hit must not reorder a Map), and eviction gives a marked
 * entry a second chance at the back of the queue (the CLOCK algorithm). The bound is in bytes (all
 * encodings of all entries), so a flood of distinct query strings evicts old entries instead of
 * growing memory.
 */
export class ResponseCache {
  private readonly entries = new Map<string, { readonly entry: CachedResponse; used: boolean }>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get size(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  /** The entry for `key`, current or not; looking does not count as use. */
  get(key: string): CachedResponse | undefined {
    return this.entries.get(key)?.entry;
  }

  /** The entry for `key` if it was rendered at this version and minute, counted as used. */
  hit(key: string, version: number, minute: number): CachedResponse | undefined {
    const slot = this.entries.get(key);
    if (slot === undefined || slot.entry.version !== version || slot.entry.minute !== minute) return undefined;
    slot.used = true;
    return slot.entry;
  }

  set(key: string, entry: CachedResponse): void {
    this.delete(key);
    const size = sizeOf(entry);
    if (size > this.maxBytes) return;
    // Room first, then the entry: a new entry is never the one evicted for its own sake.
    while (this.bytes + size > this.maxBytes) {
      const [oldest, slot] = this.entries.entries().next().value!;
      this.entries.delete(oldest);
      if (slot.used) this.entries.set(oldest, { entry: slot.entry, used: false });
      else this.bytes -= sizeOf(slot.entry);
    }
    this.entries.set(key, { entry, used: false });
    this.bytes += size;
  }

  delete(key: string): void {
    const slot = this.entries.get(key);
    if (!slot) return;
    this.entries.delete(key);
    this.bytes -= sizeOf(slot.entry);
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}

function sizeOf(entry: CachedResponse): number {
  return entry.bodies.br.length + entry.bodies.gzip.length + entry.bodies.identity.length + 512;
}
