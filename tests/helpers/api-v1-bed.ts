import { afterEach, beforeEach } from 'vitest';
import { listAudit } from '../../src/server/read/audit.js';
import { readPageSettings } from '../../src/server/settings.js';
import { apiClient, type ApiClient } from './api-v1.js';
import { tempDatabase, type TempDatabase } from './db.js';

export interface ApiBed {
  readonly t: TempDatabase;
  /** `/pages/<this page's id>`: resource paths start here. */
  readonly base: string;
  /** A client with a write token named “write token”. */
  readonly api: ApiClient;
}

/** How the audit log names the bed's write token. */
export const WRITE_TOKEN_ACTOR = 'API token “write token”';

/**
 * For a test file of in-process API tests: a fresh database and a write client before each test,
 * disposed after it. Call at the top level; the returned function gives the current test's bed.
 */
export function useApiBed(now: number): () => ApiBed {
  let bed: ApiBed | null = null;
  beforeEach(() => {
    const t = tempDatabase();
    bed = { t, base: `/pages/${readPageSettings(t.db, now).publicId}`, api: apiClient(t.db, 'write', { now: () => now }) };
  });
  afterEach(() => {
    bed?.t.dispose();
    bed = null;
  });
  return () => {
    if (!bed) throw new Error('the API test bed is only available inside tests');
    return bed;
  };
}

/** The audit entries about one object, newest first. */
export function auditAbout(bed: ApiBed, objectId: string): { action: string; actorLabel: string; diff: string | null }[] {
  return listAudit(bed.t.db, { objectType: null, actor: null }, 100, 0).filter((a) => a.objectId === objectId);
}
