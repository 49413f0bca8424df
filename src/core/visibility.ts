/** Who may see the public surface: everyone, or only people signed in (or holding a read token). */
export const PAGE_VISIBILITIES = ['public', 'private'] as const;
export type PageVisibility = (typeof PAGE_VISIBILITIES)[number];

export function isPageVisibility(value: unknown): value is PageVisibility {
  return typeof value === 'string' && (PAGE_VISIBILITIES as readonly string[]).includes(value);
}
