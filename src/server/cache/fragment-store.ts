/** One rendered piece of a page: its HTML, the key of the inputs it was rendered from, and until when it holds. */
export interface Fragment {
  /** Digest of every input the HTML is a function of (row-key.ts): a different key means different HTML may be due. */
  readonly key: string;
  readonly html: string;
  /** Epoch ms: the HTML is right for renders strictly before this instant (row-stability.ts). */
  readonly validUntil: number;
}

/** Bytes an entry is charged: UTF-16 strings, plus the slot, id and key. */
function sizeOf(id: string, f: Fragment): number {
  return 2 * (f.html.length + f.key.length + id.length) + 96;
}

export interface FragmentStats {
  readonly entries: number;
  readonly bytes: number;
  readonly hits: number;
  readonly misses: number;
}

/**
 * Rendered fragments by slot (a front-page row: its top-level component's id), least recently used
 * evicted first once the bytes charged pass `maxBytes`. A slot holds one fragment, replaced when
 * its row's key changes, so the store never holds more than the page's rows plus those of removed
 * components waiting for eviction.
 *
 * In memory only: a fragment never outlives the process, so it never meets code other than the
 * code that rendered it (the rendering code's version is part of every key by construction).
 */
export class FragmentStore {
  private readonly slots = new Map<string, Fragment>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;

  constructor(private readonly maxBytes: number) {}

  /** The HTML for `id` if it was rendered from inputs with this key and still holds at `now`. */
  get(id: string, key: string, now: number): string | null {
    const f = this.slots.get(id);
    if (f === undefined || f.key !== key || now >= f.validUntil) {
      this.misses++;
      return null;
    }
    // Re-inserted: Map order is the recency order eviction walks.
    this.slots.delete(id);
    this.slots.set(id, f);
    this.hits++;
    return f.html;
  }

  set(id: string, fragment: Fragment): void {
    this.delete(id);
    const size = sizeOf(id, fragment);
    if (size > this.maxBytes) return;
    for (const [oldest, f] of this.slots) {
      if (this.bytes + size <= this.maxBytes) break;
      this.slots.delete(oldest);
      this.bytes -= sizeOf(oldest, f);
    }
    this.slots.set(id, fragment);
    this.bytes += size;
  }

  delete(id: string): void {
    const f = this.slots.get(id);
    if (f === undefined) return;
    this.slots.delete(id);
    this.bytes -= sizeOf(id, f);
  }

  clear(): void {
    this.slots.clear();
    this.bytes = 0;
  }

  stats(): FragmentStats {
    return { entries: this.slots.size, bytes: this.bytes, hits: this.hits, misses: this.misses };
  }
}
