/**
 * Component addresses (`/components/{slug}`): lower-case ASCII letters, digits and single
 * hyphens between them. Public URLs, feeds and badges embed them, so the shape is strict.
 */
export const SLUG_MAX = 60;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isSlug(value: string): boolean {
  return value.length <= SLUG_MAX && SLUG.test(value);
}

/** A slug made from a display name ("Payments & Billing" → "payments-billing"); '' when nothing usable is left. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, SLUG_MAX)
    .replace(/^-+|-+$/g, '');
}
