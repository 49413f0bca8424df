import type { Db } from '../../db/client.js';
import { auditLog } from '../../db/schema.js';

export interface Actor {
  /** Null for the system (CLI, scheduler). */
  readonly id: string | null;
  readonly label: string;
}

export const SYSTEM: Actor = { id: null, label: 'system' };

export interface AuditEntry {
  readonly action: string;
  readonly objectType: string;
  readonly objectId: string | null;
  /** What changed, short; never secrets. */
  readonly diff?: Record<string, unknown>;
}

/** Appends to the audit log; call inside the use-case's transaction. */
export function recordAudit(db: Db, actor: Actor, entry: AuditEntry, now: number): void {
  db.insert(auditLog)
    .values({
      at: now,
      actorId: actor.id,
      actorLabel: actor.label,
      action: entry.action,
      objectType: entry.objectType,
      objectId: entry.objectId,
      diff: entry.diff ? JSON.stringify(entry.diff) : null,
    })
    .run();
}
