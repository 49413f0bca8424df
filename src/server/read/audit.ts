import { and, asc, count, desc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { auditLog } from '../../../db/schema.js';

export interface AuditRecord {
  readonly id: number;
  readonly at: number;
  readonly actorId: string | null;
  readonly actorLabel: string;
  readonly action: string;
  readonly objectType: string;
  readonly objectId: string | null;
  readonly diff: string | null;
}

/** Entries of one object type and/or by one actor (by label: the system has no id); null: any. */
export interface AuditFilter {
  readonly objectType: string | null;
  readonly actor: string | null;
}

function where(filter: AuditFilter): SQL | undefined {
  return and(
    filter.objectType === null ? undefined : eq(auditLog.objectType, filter.objectType),
    filter.actor === null ? undefined : eq(auditLog.actorLabel, filter.actor),
  );
}

/** A page of the log, newest first (entries of the same millisecond by insertion, newest first). */
export function listAudit(db: Db, filter: AuditFilter, limit: number, offset: number): AuditRecord[] {
  return db.select().from(auditLog).where(where(filter)).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(limit).offset(offset).all();
}

export function countAudit(db: Db, filter: AuditFilter): number {
  return db.select({ n: count() }).from(auditLog).where(where(filter)).get()?.n ?? 0;
}

/** The object types and actors the log mentions, sorted, for the filter menus. */
export function auditFacets(db: Db): { objectTypes: string[]; actors: string[] } {
  return {
    objectTypes: db.selectDistinct({ v: auditLog.objectType }).from(auditLog).orderBy(asc(auditLog.objectType)).all().map((r) => r.v),
    actors: db.selectDistinct({ v: auditLog.actorLabel }).from(auditLog).orderBy(asc(auditLog.actorLabel)).all().map((r) => r.v),
  };
}
