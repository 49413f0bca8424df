import { COMPONENT_STATUS_LABELS, worstStatus, type ComponentStatus } from './component-status.js';
import { formatDate, formatDateTime, formatDuration } from './format.js';
import { EVENT_STATUS_LABELS, type EventStatus } from './incident-status.js';
import { listNames } from './template.js';

/** The sections every postmortem has, in order, as the playbooks write them. */
export const POSTMORTEM_SECTIONS = ['summary', 'impact', 'timeline', 'root_cause', 'resolution', 'action_items'] as const;
export type PostmortemSection = (typeof POSTMORTEM_SECTIONS)[number];

export const POSTMORTEM_SECTION_TITLES: Readonly<Record<PostmortemSection, string>> = {
  summary: 'Summary',
  impact: 'Impact',
  timeline: 'Timeline',
  root_cause: 'Root cause',
  resolution: 'Resolution',
  action_items: 'Action items',
};

/** What the system already knows about a resolved incident. */
export interface PostmortemFacts {
  readonly title: string;
  readonly severityLabel: string | null;
  /** Epoch ms. */
  readonly startedAt: number;
  /** Epoch ms of the first resolved update; null while still open. */
  readonly resolvedAt: number | null;
  /** The components the incident affected, in page order. */
  readonly componentNames: readonly string[];
  /** The public timeline, oldest first. */
  readonly updates: readonly {
    readonly at: number;
    readonly status: EventStatus;
    readonly body: string;
    readonly changes: readonly { readonly name: string; readonly newStatus: ComponentStatus }[];
  }[];
}

/**
 * A writing prompt left in a draft: `[[…]]`. Markdown never produces double brackets on its
 * own, so a postmortem still containing one has not been finished and must not be published.
 */
const PROMPT = /\[\[[^\]\n]*\]\]/;

/** The first prompt still in the text, or null once every one has been replaced. */
export function findPrompt(body: string): string | null {
  return PROMPT.exec(body)?.[0] ?? null;
}

const SUMMARY_LENGTH = 160;

/** One line standing for an update in the timeline: its first line of text, without Markdown block marks, shortened. */
function firstLine(body: string): string {
  const line = body
    .split('\n')
    .map((l) => l.replace(/^\s*(#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)/, '').trim())
    .find((l) => l !== '') ?? '';
  return line.length > SUMMARY_LENGTH ? shorten(line, SUMMARY_LENGTH) : line;
}

/**
 * At most `max` characters of `line`, ending where a person would stop reading: after the last
 * whole sentence that fits, else before the last whole word (with "…"); a single word longer than
 * that is the only thing ever cut inside.
 */
function shorten(line: string, max: number): string {
  const room = line.slice(0, max);
  const sentence = /^.*[.!?](?=\s)/.exec(room)?.[0];
  if (sentence && sentence.length >= max / 2) return sentence;
  const head = line.slice(0, max - 1);
  const space = head.search(/\s\S*$/);
  const words = space > 0 && /\s/.test(line[max - 1] ?? ' ') === false ? head.slice(0, space) : head;
  return `${words.trimEnd().replace(/[,;:–—-]+$/, '')}…`;
}

/** The worst status each component was given during the incident, in the order the components are listed. */
function worstByComponent(facts: PostmortemFacts): { name: string; status: ComponentStatus }[] {
  return facts.componentNames.map((name) => ({
    name,
    status: worstStatus(facts.updates.flatMap((u) => u.changes.filter((c) => c.name === name).map((c) => c.newStatus))),
  }));
}

/**
 * The starting draft of a postmortem: the playbooks' sections, with what the system knows
 * (title, severity, duration, affected components, the update timeline) filled in and `[[…]]`
 * prompts where only people can write. Times are shown in `timeZone`.
 */
export function postmortemTemplate(facts: PostmortemFacts, timeZone: string): string {
  const h = (s: PostmortemSection): string => `## ${POSTMORTEM_SECTION_TITLES[s]}`;
  const duration = facts.resolvedAt === null ? null : formatDuration(Math.max(0, facts.resolvedAt - facts.startedAt));
  const names = listNames(facts.componentNames);
  const affected = worstByComponent(facts);
  const lasting = duration ? ` for ${duration}` : '';
  const summary = names
    ? `On ${formatDate(facts.startedAt, timeZone)}, ${names} ${facts.componentNames.length === 1 ? 'was' : 'were'} affected${lasting}.`
    : `On ${formatDate(facts.startedAt, timeZone)}, “${facts.title}” affected customers${lasting}.`;
  const window = `from ${formatDateTime(facts.startedAt, timeZone)}${facts.resolvedAt === null ? '' : ` to ${formatDateTime(facts.resolvedAt, timeZone)}`}`;
  const timeline = facts.updates.map((u) => {
    const changes = u.changes.length > 0 ? ` (${u.changes.map((c) => `${c.name}: ${COMPONENT_STATUS_LABELS[c.newStatus].toLowerCase()}`).join(', ')})` : '';
    return `- ${formatDateTime(u.at, timeZone)} · ${EVENT_STATUS_LABELS[u.status]}: ${firstLine(u.body)}${changes}`;
  });
  return [
    h('summary'),
    '',
    `${summary} [[In one or two sentences: what customers experienced and why, in plain words.]]`,
    '',
    h('impact'),
    '',
    ...affected.map((c) => `- ${c.name}: ${COMPONENT_STATUS_LABELS[c.status].toLowerCase()}`),
    `- Duration: ${duration ?? 'ongoing'}, ${window}`,
    '- [[Who was affected and how: roughly how many customers, which features, whether any data was at risk.]]',
    '',
    h('timeline'),
    '',
    ...(timeline.length > 0 ? timeline : ['- [[What happened, when.]]']),
    '',
    h('root_cause'),
    '',
    '[[What caused the problem, and what let it reach customers.]]',
    '',
    h('resolution'),
    '',
    '[[What fixed it, and how we confirmed it stayed fixed.]]',
    '',
    h('action_items'),
    '',
    '- [[What we will change so this does not happen again (owner, due date)]]',
    '',
  ].join('\n');
}
