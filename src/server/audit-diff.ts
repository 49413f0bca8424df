/** One field's change, as an audit row's short diff records it. */
export interface FieldChange {
  readonly from: unknown;
  readonly to: unknown;
}

/**
 * The fields among `keys` whose values differ between `before` and `after`, as
 * `{ field: { from, to } }`. Values are compared by their JSON, so objects compare by content.
 */
export function changedFields<T extends object>(before: T, after: T, keys: readonly (keyof T & string)[]): Record<string, FieldChange> {
  const out: Record<string, FieldChange> = {};
  for (const key of keys) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out[key] = { from: before[key], to: after[key] };
  }
  return out;
}
