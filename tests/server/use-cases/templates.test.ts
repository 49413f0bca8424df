import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, templates } from '../../../db/schema.js';
import type { Actor } from '../../../src/server/audit.js';
import { findTemplate, findTemplateByKey, listTemplates, type TemplateFields } from '../../../src/server/templates/store.js';
import { createTemplate, deleteTemplate, moveTemplate, updateTemplate } from '../../../src/server/use-cases/templates.js';
import { RejectedError } from '../../../src/server/write/events.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { MINUTE } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 14, 5);
// The audit log's actor id references users; a label-only actor stands for a person here.
const actor: Actor = { id: null, label: 'eddie@example.com' };

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
});
afterEach(() => t.dispose());

const counts = (): { templates: number; audit: number } => ({
  templates: t.db.select({ n: count() }).from(templates).get()!.n,
  audit: t.db.select({ n: count() }).from(auditLog).get()!.n,
});
const audits = (action: string) => t.db.select().from(auditLog).where(eq(auditLog.action, action)).all();
const fields = (over: Partial<TemplateFields> = {}): TemplateFields => ({
  kind: 'maintenance',
  name: 'Verifying',
  status: 'verifying',
  title: 'Maintenance of {{components}}',
  body: 'The work on {{components}} is done; we are checking everything works.',
  ...over,
});
const order = (kind: 'incident' | 'maintenance'): string[] => listTemplates(t.db, kind, NOW).map((x) => x.name);

describe('createTemplate', () => {
  it('stores the template and audits who created what', () => {
    const created = createTemplate(t.db, fields(), actor, NOW);
    expect(findTemplate(t.db, created.id, NOW)).toMatchObject(fields());
    const [row] = audits('template.created');
    expect(row).toMatchObject({ at: NOW, actorId: null, actorLabel: 'eddie@example.com', objectType: 'template', objectId: created.id });
    expect(JSON.parse(row!.diff!)).toEqual({ kind: 'maintenance', name: 'Verifying', status: 'verifying' });
  });

  it('writes nothing, audit included, when refused', () => {
    listTemplates(t.db, 'maintenance', NOW);
    const before = counts();
    expect(() => createTemplate(t.db, fields({ name: 'Completed' }), actor, NOW)).toThrow(RejectedError);
    expect(counts()).toEqual(before);
  });
});

describe('updateTemplate', () => {
  it('rewrites the template and audits only the fields that changed, from → to', () => {
    const stored = findTemplateByKey(t.db, 'incident', 'monitoring', NOW)!;
    updateTemplate(t.db, stored.id, { ...stored, name: 'Recovering', body: 'We see {{components}} recover.' }, actor, NOW + MINUTE);
    expect(findTemplate(t.db, stored.id, NOW)).toMatchObject({ name: 'Recovering', body: 'We see {{components}} recover.', status: 'monitoring', updatedAt: NOW + MINUTE });
    const [row] = audits('template.updated');
    expect(row).toMatchObject({ objectId: stored.id, actorLabel: 'eddie@example.com' });
    expect(JSON.parse(row!.diff!)).toEqual({ name: { from: 'Monitoring', to: 'Recovering' }, body: { from: stored.body, to: 'We see {{components}} recover.' } });
  });

  it('writes nothing when refused', () => {
    const stored = findTemplateByKey(t.db, 'incident', 'monitoring', NOW)!;
    const before = counts();
    expect(() => updateTemplate(t.db, stored.id, { ...stored, name: 'Resolved' }, actor, NOW)).toThrow(RejectedError);
    expect(() => updateTemplate(t.db, 'nosuchtempl0', fields(), actor, NOW)).toThrow(RejectedError);
    expect(counts()).toEqual(before);
    expect(findTemplate(t.db, stored.id, NOW)).toEqual(stored);
  });
});

describe('deleteTemplate', () => {
  it('removes it for good and audits what it was', () => {
    const stored = findTemplateByKey(t.db, 'maintenance', 'scheduled', NOW)!;
    deleteTemplate(t.db, stored.id, actor, NOW);
    expect(findTemplate(t.db, stored.id, NOW + MINUTE)).toBeNull();
    expect(order('maintenance')).toEqual(['In progress', 'Completed']);
    expect(JSON.parse(audits('template.deleted')[0]!.diff!)).toEqual({ kind: 'maintenance', name: 'Scheduled' });
  });

  it('refuses a template that is gone, writing nothing', () => {
    listTemplates(t.db, 'incident', NOW);
    const before = counts();
    expect(() => deleteTemplate(t.db, 'nosuchtempl0', actor, NOW)).toThrow('That template no longer exists (it may have been deleted).');
    expect(counts()).toEqual(before);
  });
});

describe('moveTemplate', () => {
  it('swaps a template with its neighbour, audited with the new order', () => {
    const identified = findTemplateByKey(t.db, 'incident', 'identified', NOW)!;
    moveTemplate(t.db, identified.id, 'up', actor, NOW);
    expect(order('incident')).toEqual(['Identified', 'Investigating', 'Monitoring', 'Resolved']);
    moveTemplate(t.db, identified.id, 'down', actor, NOW);
    moveTemplate(t.db, identified.id, 'down', actor, NOW);
    expect(order('incident')).toEqual(['Investigating', 'Monitoring', 'Identified', 'Resolved']);
    const rows = audits('template.reordered');
    expect(rows).toHaveLength(3);
    expect(JSON.parse(rows[2]!.diff!).order).toEqual(listTemplates(t.db, 'incident', NOW).map((x) => x.id));
  });

  it('leaves the first up and the last down where they are, writing nothing', () => {
    const list = listTemplates(t.db, 'maintenance', NOW);
    const before = counts();
    moveTemplate(t.db, list[0]!.id, 'up', actor, NOW);
    moveTemplate(t.db, list[2]!.id, 'down', actor, NOW);
    expect(order('maintenance')).toEqual(['Scheduled', 'In progress', 'Completed']);
    expect(counts()).toEqual(before);
  });

  it('refuses a template that is gone', () => {
    expect(() => moveTemplate(t.db, 'nosuchtempl0', 'up', actor, NOW)).toThrow(RejectedError);
  });
});
