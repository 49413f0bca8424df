import type { Db } from '../../../../db/client.js';
import { EVENT_STATUS_LABELS } from '../../../core/incident-status.js';
import { toDateTimeLocal } from '../../../core/time.js';
import { BACKFILL_ROWS, rowField } from '../../forms/backfill-form.js';
import { UPDATE_STATUSES } from '../../forms/incident-form.js';
import { readPageSettings } from '../../settings.js';
import { editorChoices, severityOptions, type EditorChoices, type Option } from './incident-editor.js';

export interface BackfillRow {
  readonly n: number;
  readonly statusName: string;
  readonly atName: string;
  readonly messageName: string;
}

export interface BackfillFormView {
  readonly choices: EditorChoices;
  /** With their definitions and the page's configured cadence. */
  readonly severities: ReturnType<typeof severityOptions>;
  readonly statuses: readonly Option[];
  readonly rows: readonly BackfillRow[];
  readonly timeZone: string;
  /** The latest value the time fields accept (now, on the page's wall clock). */
  readonly maxLocal: string;
  /** A fresh form: rows preset to the usual stages, ending with Resolved; severity SEV3. */
  readonly defaults: Readonly<Record<string, string>>;
}

const PRESET_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;

export function backfillFormView(db: Db, now: number): BackfillFormView {
  const { timeZone, cadence } = readPageSettings(db, now);
  const rows = Array.from({ length: BACKFILL_ROWS }, (_, i) => ({
    n: i + 1,
    statusName: rowField(i + 1, 'status'),
    atName: rowField(i + 1, 'at'),
    messageName: rowField(i + 1, 'message'),
  }));
  const defaults: Record<string, string> = { severity: 'SEV3' };
  rows.forEach((r, i) => (defaults[r.statusName] = PRESET_STATUSES[i] ?? ''));
  return {
    choices: editorChoices(db, 'incident', now),
    severities: severityOptions(cadence),
    statuses: UPDATE_STATUSES.map((s) => ({ value: s, label: EVENT_STATUS_LABELS[s] })),
    rows,
    timeZone,
    maxLocal: toDateTimeLocal(now, timeZone),
    defaults,
  };
}
