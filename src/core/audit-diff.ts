/** One line of an audit entry's diff as a person reads it: "display at: 14:05 → 14:20". */
export interface DiffLine {
  readonly field: string;
  readonly text: string;
}

/** Longest text shown for one field; diffs are short by contract, but old rows are not checked. */
const MAX_TEXT = 300;

/** "displayAt" → "display at", "history_removed" → "history removed". */
function words(key: string): string {
  return key.replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(text).join('; ');
  if (isRecord(value)) {
    // A change of one value is written { from, to } by convention.
    if ('from' in value && 'to' in value && Object.keys(value).length === 2) return `${text(value.from)} → ${text(value.to)}`;
    return Object.entries(value)
      .map(([k, v]) => `${words(k)} ${text(v)}`)
      .join(', ');
  }
  return String(value);
}

function shorten(s: string): string {
  return s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s;
}

/** An audit diff (the JSON text stored with the entry) as readable lines; none for no diff. */
export function describeAuditDiff(diff: string | null): DiffLine[] {
  if (diff === null || diff === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(diff);
  } catch {
    return [{ field: 'diff', text: shorten(diff) }];
  }
  if (!isRecord(parsed)) return [{ field: 'diff', text: shorten(text(parsed)) }];
  return Object.entries(parsed).map(([key, value]) => ({ field: words(key), text: shorten(text(value)) }));
}
