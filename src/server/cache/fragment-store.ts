/** One rendered piece of a page: its HTML, the key of the inputs it was rendered from, and until when it holds. */
export interface Fragment {
  /** Digest of every input the HTML is a function of (row-key.ts): a different key means different HTML may be due. */
  readonly key: string;
  /**
   * UTF-8, as the page sends it. Astro writes bytes through as they are, where a string would be
   * joined with the page's other text and encoded again on every render (≈ 10 ms for the 1 MB of
   * rows of a 500-component page).
   */
  readonly html: Uint8Array;
  /** Epoch ms: the HTML is right for renders strictly before this instant (row-stability.ts). */
  readonly validUntil: number;
}

/** Bytes an entry is charged: its HTML, the slot's id and key (UTF-16 strings), and the slot. */
function sizeOf(id: string, f: Fragment): number {
  return f.html.byteLength + 2 * (f.key.length + id.length) + 96;
}

/** Where a page finds and keeps its fragments: a FragmentStore, or one written through to disk (kept-rows.ts). */
export interface Fragments {
  /** The HTML for `id` if it was rendered from inputs with this key and still holds at `now`. */
  get(id: string, key: string, now: number): Uint8Array | null;
  set(id: string, fragment: Fragment): void;
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
 * In memory; kept-rows.ts writes the front page's through to the database for the next start,
 * under the identity of the build that rendered them.
 */
export class FragmentStore implements Fragments {
  private readonly slots = new Map<string, Fragment>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;

  constructor(private readonly maxBytes: number) {}

  /** The HTML for `id` if it was rendered from inputs with this key and still holds at `now`. */
  get(id: string, key: string, now: number): Uint8Array | null {
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
