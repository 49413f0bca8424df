import type { DeliveryKind } from '../../src/core/delivery.js';
import { claimDue } from '../../src/server/outbox/claim.js';
import { createComposer } from '../../src/server/outbox/compose.js';
import type { OutgoingMail } from '../../src/server/outbox/mailer.js';
import { SYSTEM } from '../../src/server/audit.js';
import { postIncidentUpdate } from '../../src/server/use-cases/incidents.js';
import { postMaintenanceUpdate } from '../../src/server/use-cases/maintenance.js';
import { publishIncidentPostmortem } from '../../src/server/use-cases/postmortems.js';
import { requestSubscription } from '../../src/server/use-cases/subscriptions.js';
import { tempDatabase } from './db.js';
import { MINUTE } from './fixtures.js';
import { writeXssSite } from './xss-site.js';

export interface PayloadMail {
  readonly kind: DeliveryKind;
  readonly mail: OutgoingMail;
}

/**
 * Every kind of mail, composed exactly as the delivery worker would (createComposer over a real
 * database), for the XSS site: an update on each open incident, each resolved incident's
 * postmortem republished with notice, a maintenance update, and a confirmation listing
 * payload-named components. All go to the site's active subscriber (whose address is a payload too).
 */
export function composePayloadMails(): PayloadMail[] {
  const t = tempDatabase();
  try {
    const now = Date.now();
    const site = writeXssSite(t.db, now - 10 * MINUTE);
    for (const i of site.incidents) {
      if (i.resolved) publishIncidentPostmortem(t.db, i.id, { body: `## Again\n\n${i.payload.text}`, notify: true }, SYSTEM, now);
      else postIncidentUpdate(t.db, i.id, { status: 'monitoring', message: i.payload.text, notify: true, changes: [] }, SYSTEM, now);
    }
    postMaintenanceUpdate(t.db, site.maintenances[0]!.id, { status: 'verifying', message: site.maintenances[0]!.title, notify: true, changes: [] }, SYSTEM, now);
    requestSubscription(t.db, 'new-reader@example.com', { allComponents: false, componentIds: site.components.map((c) => c.id) }, now);

    const compose = createComposer(t.db, () => 'https://status.example.com');
    const rows = claimDue(t.db, 'email', now, 10_000, 60_000);
    const mails: PayloadMail[] = [];
    for (const row of rows) {
      const composed = compose(row, now);
      if ('skip' in composed) throw new Error(`delivery ${row.id} (${row.kind}) was skipped: ${composed.skip}`);
      mails.push({ kind: row.kind, mail: composed.mail });
    }
    return mails;
  } finally {
    t.dispose();
  }
}
