export type PageParam = { readonly ok: true; readonly page: number } | { readonly ok: false; readonly message: string };

/** Upper bound on page numbers we accept; beyond it a request is certainly not a person. */
const MAX_PAGE = 100_000;

/** Parses a 1-based `?page=` value. Absent or empty means page 1. */
export function parsePageParam(raw: string | null): PageParam {
  if (raw === null || raw === '') return { ok: true, page: 1 };
  if (!/^\d+$/.test(raw)) {
    return { ok: false, message: `"page" must be a whole number of 1 or more; "${raw.slice(0, 40)}" is not.` };
  }
  const page = Number(raw);
  if (page < 1 || page > MAX_PAGE) {
    return { ok: false, message: `"page" must be between 1 and ${MAX_PAGE}.` };
  }
  return { ok: true, page };
}

/** Number of pages for `total` items, at least 1 so an empty list still has a page. */
export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

/** Clamps a requested page into range so a stale link shows the last page, not an error. */
export function clampPage(page: number, pages: number): number {
  return Math.min(Math.max(1, page), pages);
}
