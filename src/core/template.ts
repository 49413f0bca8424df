/** Placeholders a template may use; each is filled from the incident being written. */
export const PLACEHOLDERS = ['components', 'started_at', 'duration', 'next_update'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/**
 * Replaces {{placeholder}} with its value. Unknown or unfilled placeholders stay as written,
 * so the comms lead sees what still needs words instead of a silent blank.
 */
export function fillTemplate(text: string, values: Partial<Record<Placeholder, string>>): string {
  return text.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (whole, name: string) => {
    const value = (values as Record<string, string | undefined>)[name];
    return value === undefined || value === '' ? whole : value;
  });
}

/** "Search", "Search and Email", "Search, Email and SMS". */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
