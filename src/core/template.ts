import { formatDateTime, formatDuration } from './format.js';
import type { EventKind } from './incident-status.js';

/** Placeholders a template may use; each is filled from the event being written about. */
export const PLACEHOLDERS = ['components', 'started_at', 'duration', 'next_update', 'starts_at', 'ends_at'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/**
 * The placeholders each kind of event can fill: an incident has a start and a cadence,
 * a maintenance has a planned window. Anything else would reach customers unfilled.
 */
export const PLACEHOLDERS_BY_KIND: Readonly<Record<EventKind, readonly Placeholder[]>> = {
  incident: ['components', 'started_at', 'duration', 'next_update'],
  maintenance: ['components', 'starts_at', 'ends_at'],
};

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

/** "{{components}}, {{starts_at}} and {{ends_at}}": what a kind's templates may use, for help and error messages. */
export function describePlaceholders(kind: EventKind): string {
  return listNames(PLACEHOLDERS_BY_KIND[kind].map((p) => `{{${p}}}`));
}

/** Every `{{…}}` in the text that is not a placeholder this kind fills, as written, once each. */
export function unknownPlaceholders(text: string, kind: EventKind): string[] {
  const known: readonly string[] = PLACEHOLDERS_BY_KIND[kind];
  const found = [...text.matchAll(/\{\{([^{}]*)\}\}/g)].filter((m) => !known.includes(m[1]!.trim())).map((m) => m[0]);
  return [...new Set(found)];
}

/** What an event offers its placeholders, in epoch ms; `window` is a maintenance's plan. */
export interface PlaceholderFacts {
  readonly componentNames: readonly string[];
  readonly startedAt: number;
  readonly nextUpdateAt: number | null;
  readonly window: { readonly from: number; readonly until: number } | null;
  readonly timeZone: string;
  readonly now: number;
}

/** Placeholder values for a message written at `now`; '' where there is nothing to say (left unfilled). */
export function placeholderValuesOf(facts: PlaceholderFacts): Record<Placeholder, string> {
  const at = (ms: number | null | undefined): string => (ms === null || ms === undefined ? '' : formatDateTime(ms, facts.timeZone));
  return {
    components: listNames(facts.componentNames),
    started_at: at(facts.startedAt),
    duration: formatDuration(Math.max(0, facts.now - facts.startedAt)),
    next_update: at(facts.nextUpdateAt),
    starts_at: at(facts.window?.from),
    ends_at: at(facts.window?.until),
  };
}

/**
 * A template's key in links (`?template=in-progress`): its name in lower case, letters and
 * digits kept, everything else one dash. Unique per kind, so a link names one template.
 */
export function templateKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** "Search", "Search and Email", "Search, Email and SMS". */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
