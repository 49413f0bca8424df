import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { alerts, components, heartbeats } from '../../../db/schema.js';
import { hashToken } from '../auth/tokens.js';

export type HeartbeatRow = typeof heartbeats.$inferSelect;

/** A heartbeat with what the admin list and the alert need: its component and whether it is late now. */
export interface HeartbeatRecord extends HeartbeatRow {
  readonly componentSlug: string;
  readonly componentName: string;
  /** Whether its alert is firing (it missed its period and has not pinged since). */
  readonly firing: boolean;
}

const columns = {
  id: heartbeats.id,
  name: heartbeats.name,
  componentId: heartbeats.componentId,
  tokenHash: heartbeats.tokenHash,
  periodSeconds: heartbeats.periodSeconds,
  graceSeconds: heartbeats.graceSeconds,
  componentStatus: heartbeats.componentStatus,
  lastPingAt: heartbeats.lastPingAt,
  createdAt: heartbeats.createdAt,
  componentSlug: components.slug,
  componentName: components.name,
  alertState: alerts.state,
};

type Joined = HeartbeatRow & { componentSlug: string; componentName: string; alertState: string | null };

const toRecord = ({ alertState, ...row }: Joined): HeartbeatRecord => ({ ...row, firing: alertState === 'firing' });

function joined(db: Db) {
  return db
    .select(columns)
    .from(heartbeats)
    .innerJoin(components, eq(components.id, heartbeats.componentId))
    .leftJoin(alerts, and(eq(alerts.source, 'heartbeat'), eq(alerts.key, heartbeats.id)));
}

/** Every heartbeat, by component then name. */
export function listHeartbeats(db: Db): HeartbeatRecord[] {
  return joined(db).orderBy(asc(components.name), asc(heartbeats.name)).all().map(toRecord);
}

/** The heartbeat a ping's secret belongs to; only the secret's hash is stored. */
export function findHeartbeatBySecret(db: Db, secret: string): HeartbeatRecord | null {
  const row = joined(db).where(eq(heartbeats.tokenHash, hashToken(secret))).get();
  return row ? toRecord(row) : null;
}

export function findHeartbeat(db: Db, id: string): HeartbeatRecord | null {
  const row = joined(db).where(eq(heartbeats.id, id)).get();
  return row ? toRecord(row) : null;
}
