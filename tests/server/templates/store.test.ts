import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, pageSettings, templates } from '../../../db/schema.js';
import { DEFAULT_TEMPLATES } from '../../../src/server/templates/defaults.js';
import {
  ensureTemplatesSeeded,
  findTemplate,
  findTemplateByKey,
  insertTemplate,
  listTemplates,
  removeTemplate,
  rewriteTemplate,
  setTemplateOrder,
  templateForStatus,
  templateStatuses,
  type TemplateFields,
} from '../../../src/server/templates/store.js';
import { RejectedError } from '../../../src/server/write/events.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { MINUTE } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 14, 5);

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
});
afterEach(() => t.dispose());

const rows = (): number => t.db.select({ n: count() }).from(templates).get()!.n;
const seededAt = (): number | null | undefined => t.db.select({ at: pageSettings.templatesSeededAt }).from(pageSettings).get()?.at;
const names = (kind: 'incident' | 'maintenance'): string[] => listTemplates(t.db, kind, NOW).map((x) => x.name);

const fields = (over: Partial<TemplateFields> = {}): TemplateFields => ({
  kind: 'incident',
  name: 'Degraded',
  status: 'identified',
  title: 'Slow {{components}}',
  body: '{{components}} is slow; we know why.',
  ...over,
});

describe('templateStatuses', () => {
  it('offers every stage but postmortem', () => {
    expect(templateStatuses('incident')).toEqual(['investigating', 'identified', 'monitoring', 'resolved']);
    expect(templateStatuses('maintenance')).toEqual(['scheduled', 'in_progress', 'verifying', 'completed']);
  });
});

describe('seeding the shipped templates', () => {
  it('copies the shipped set on the first read, in order per kind, and records when', () => {
    expect(rows()).toBe(0);
    expect(names('incident')).toEqual(['Investigating', 'Identified', 'Monitoring', 'Resolved']);
    expect(names('maintenance')).toEqual(['Scheduled', 'In progress', 'Completed']);
    expect(rows()).toBe(DEFAULT_TEMPLATES.length);
    expect(seededAt()).toBe(NOW);
    const first = listTemplates(t.db, 'incident', NOW)[0]!;
    expect(first).toMatchObject({ kind: 'incident', key: 'investigating', status: 'investigating', title: DEFAULT_TEMPLATES[0]!.title, body: DEFAULT_TEMPLATES[0]!.body, position: 0, createdAt: NOW });
    expect(first.id).toMatch(/^[0-9a-z]{12}$/);
  });

  it('seeds once: later reads add nothing, and the seeding is not an audited change', () => {
    listTemplates(t.db, 'incident', NOW);
    ensureTemplatesSeeded(t.db, NOW + MINUTE);
    listTemplates(t.db, 'maintenance', NOW + 2 * MINUTE);
    expect(rows()).toBe(DEFAULT_TEMPLATES.length);
    expect(seededAt()).toBe(NOW);
    expect(t.db.select({ n: count() }).from(auditLog).get()!.n).toBe(0);
  });

  it('does not bring deleted templates back', () => {
    for (const x of [...listTemplates(t.db, 'incident', NOW), ...listTemplates(t.db, 'maintenance', NOW)]) removeTemplate(t.db, x.id, NOW);
    expect(rows()).toBe(0);
    expect(names('incident')).toEqual([]);
    expect(names('maintenance')).toEqual([]);
    expect(rows()).toBe(0);
  });

  it('adds nothing when another process has claimed the seeding first', () => {
    ensureTemplatesSeeded(t.db, NOW); // creates the settings row and seeds
    t.db.delete(templates).run();
    t.db.update(pageSettings).set({ templatesSeededAt: NOW - MINUTE }).where(eq(pageSettings.id, 1)).run();
    expect(names('incident')).toEqual([]);
  });
});

describe('reading templates', () => {
  it('finds by id, by key within a kind, and by status (the first in order)', () => {
    const identified = listTemplates(t.db, 'incident', NOW)[1]!;
    expect(findTemplate(t.db, identified.id, NOW)).toEqual(identified);
    expect(findTemplate(t.db, 'nosuchtempl0', NOW)).toBeNull();
    expect(findTemplateByKey(t.db, 'incident', 'identified', NOW)?.id).toBe(identified.id);
    expect(findTemplateByKey(t.db, 'maintenance', 'identified', NOW)).toBeNull();
    expect(findTemplateByKey(t.db, 'incident', null, NOW)).toBeNull();
    expect(findTemplateByKey(t.db, 'incident', '', NOW)).toBeNull();
    expect(templateForStatus(t.db, 'maintenance', 'in_progress', NOW)?.name).toBe('In progress');
    expect(templateForStatus(t.db, 'maintenance', 'verifying', NOW)).toBeNull();
  });

  it('answers templateForStatus with the first in the arranged order', () => {
    const second = insertTemplate(t.db, fields({ name: 'Cause known' }), NOW);
    const ids = listTemplates(t.db, 'incident', NOW).map((x) => x.id);
    setTemplateOrder(t.db, 'incident', [second.id, ...ids.filter((id) => id !== second.id)], NOW);
    expect(templateForStatus(t.db, 'incident', 'identified', NOW)?.id).toBe(second.id);
  });
});

describe('insertTemplate', () => {
  it('adds at the end of its kind, with a key from its name', () => {
    const created = insertTemplate(t.db, fields(), NOW + MINUTE);
    expect(created).toMatchObject({ ...fields(), key: 'degraded', position: 4, createdAt: NOW + MINUTE, updatedAt: NOW + MINUTE });
    expect(names('incident')).toEqual(['Investigating', 'Identified', 'Monitoring', 'Resolved', 'Degraded']);
    expect(insertTemplate(t.db, fields({ kind: 'maintenance', name: 'Verifying', status: 'verifying' }), NOW).position).toBe(3);
  });

  it('starts at position 0 in an emptied list', () => {
    for (const x of listTemplates(t.db, 'maintenance', NOW)) removeTemplate(t.db, x.id, NOW);
    expect(insertTemplate(t.db, fields({ kind: 'maintenance', name: 'Only', status: 'scheduled' }), NOW).position).toBe(0);
  });

  it.each<[string, Partial<TemplateFields>, string]>([
    ['a maintenance status for an incident', { status: 'completed' }, '“Completed” is not a status an incident template can move to.'],
    ['an incident status for maintenance', { kind: 'maintenance', status: 'resolved' }, '“Resolved” is not a status a maintenance template can move to.'],
    ['postmortem', { status: 'postmortem' }, '“Postmortem” is not a status an incident template can move to.'],
    ['a name without letters or digits', { name: '—' }, 'Give the template a name with letters or digits.'],
    ['a name whose key is taken in the kind', { name: ' identified! ' }, 'There is already an incident template called “Identified”; choose another name.'],
  ])('refuses %s', (_what, over, message) => {
    ensureTemplatesSeeded(t.db, NOW);
    expect(() => insertTemplate(t.db, fields(over), NOW)).toThrow(new RejectedError(message));
    expect(rows()).toBe(DEFAULT_TEMPLATES.length);
  });

  it('allows the same name in the other kind', () => {
    expect(() => insertTemplate(t.db, fields({ kind: 'maintenance', name: 'Identified', status: 'verifying' }), NOW)).not.toThrow();
  });
});

describe('rewriteTemplate', () => {
  it('rewrites in place, keeping the position; renaming to its own key is fine', () => {
    const identified = findTemplateByKey(t.db, 'incident', 'identified', NOW)!;
    const { before, after } = rewriteTemplate(t.db, identified.id, fields({ name: 'IDENTIFIED' }), NOW + MINUTE);
    expect(before).toEqual(identified);
    expect(after).toMatchObject({ ...fields({ name: 'IDENTIFIED' }), position: identified.position, createdAt: identified.createdAt, updatedAt: NOW + MINUTE });
  });

  it('moves a template changing kind to the end of the other list', () => {
    const monitoring = findTemplateByKey(t.db, 'incident', 'monitoring', NOW)!;
    const { after } = rewriteTemplate(t.db, monitoring.id, fields({ kind: 'maintenance', name: 'Watching', status: 'verifying' }), NOW);
    expect(after.position).toBe(3);
    expect(names('maintenance')).toEqual(['Scheduled', 'In progress', 'Completed', 'Watching']);
    expect(names('incident')).toEqual(['Investigating', 'Identified', 'Resolved']);
  });

  it('refuses a name another template has, and a template that is gone', () => {
    const identified = findTemplateByKey(t.db, 'incident', 'identified', NOW)!;
    expect(() => rewriteTemplate(t.db, identified.id, fields({ name: 'Resolved' }), NOW)).toThrow(RejectedError);
    expect(findTemplate(t.db, identified.id, NOW)).toEqual(identified);
    expect(() => rewriteTemplate(t.db, 'nosuchtempl0', fields(), NOW)).toThrow('That template no longer exists (it may have been deleted).');
  });
});

describe('removeTemplate', () => {
  it('removes and returns what it removed; a second time is refused', () => {
    const resolved = findTemplateByKey(t.db, 'incident', 'resolved', NOW)!;
    expect(removeTemplate(t.db, resolved.id, NOW)).toEqual(resolved);
    expect(findTemplate(t.db, resolved.id, NOW)).toBeNull();
    expect(() => removeTemplate(t.db, resolved.id, NOW)).toThrow(RejectedError);
  });
});

describe('setTemplateOrder', () => {
  it('puts the kind in the given order', () => {
    const ids = listTemplates(t.db, 'maintenance', NOW).map((x) => x.id);
    setTemplateOrder(t.db, 'maintenance', [...ids].reverse(), NOW);
    expect(names('maintenance')).toEqual(['Completed', 'In progress', 'Scheduled']);
  });

  it.each<[string, (ids: string[]) => string[]]>([
    ['one missing', (ids) => ids.slice(1)],
    ['one twice', (ids) => [ids[0]!, ...ids.slice(0, -1)]],
    ['one of the other kind', (ids) => [...ids.slice(1), 'nosuchtempl0']],
  ])('refuses a list with %s, changing nothing', (_what, mangle) => {
    const ids = listTemplates(t.db, 'maintenance', NOW).map((x) => x.id);
    expect(() => setTemplateOrder(t.db, 'maintenance', mangle(ids), NOW)).toThrow(RejectedError);
    expect(names('maintenance')).toEqual(['Scheduled', 'In progress', 'Completed']);
  });
});
