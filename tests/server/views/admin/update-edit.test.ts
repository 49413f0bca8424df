import { asc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventUpdates } from '../../../../db/schema.js';
import { updateEditView } from '../../../../src/server/views/admin/update-edit.js';
import { tempDatabase, type TempDatabase } from '../../../helpers/db.js';
import { DAY, HOUR, incident, maintenance, page } from '../../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0, 30);
const AT = Date.UTC(2026, 10, 22, 13, 7, 42);

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'America/New_York', NOW - 30 * DAY);
});
afterEach(() => t.dispose());

describe('updateEditView', () => {
  it('prefills the stored text and the time on the page zone’s clock; the field may go up to now', () => {
    const { id, reference } = incident(t.db, { title: 'API errors', startedAt: AT, steps: [{ at: AT, status: 'identified', body: 'Found **it**.' }] });
    const updateId = t.db.select({ id: eventUpdates.id }).from(eventUpdates).get()!.id;
    const view = updateEditView(t.db, id, updateId, NOW)!;
    expect(view).toMatchObject({
      adminHref: `/admin/incidents/${id}`,
      update: { id: updateId, status: 'identified', statusLabel: 'Identified', body: 'Found **it**.', displayAt: AT, at: { text: 'Nov 22, 2026, 08:07 EST' } },
      timeZone: 'America/New_York',
      maxLocal: '2026-11-22T10:00',
      defaults: { message: 'Found **it**.', displayAt: '2026-11-22T08:07' },
    });
    expect(updateEditView(t.db, reference, updateId, NOW)?.record.id).toBe(id);
  });

  it('is null for an update of another event, an unknown update, or maintenance', () => {
    const a = incident(t.db, { title: 'A', startedAt: AT, steps: [{ at: AT, status: 'investigating', body: 'a' }] }).id;
    const b = incident(t.db, { title: 'B', startedAt: AT, steps: [{ at: AT + 1, status: 'investigating', body: 'b' }] }).id;
    const m = maintenance(t.db, { title: 'M', scheduledFor: NOW + HOUR, scheduledUntil: NOW + 2 * HOUR, componentIds: [], steps: [{ at: AT + 2, status: 'scheduled', body: 'm' }] }).id;
    const [ua, , um] = t.db.select({ id: eventUpdates.id }).from(eventUpdates).orderBy(asc(eventUpdates.displayAt)).all().map((u) => u.id);
    expect(updateEditView(t.db, b, ua!, NOW)).toBeNull();
    expect(updateEditView(t.db, a, 'nosuchupdate', NOW)).toBeNull();
    expect(updateEditView(t.db, m, um!, NOW)).toBeNull();
  });
});
