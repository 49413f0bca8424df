import type { APIRoute } from 'astro';
import { apiV1Limiter } from '../../../server/api-v1/limiter';
import { handleApiV1 } from '../../../server/api-v1/router';
import { config } from '../../../server/config';
import { database } from '../../../server/db';

/** The write API, shaped like Statuspage's v1: /api/v1/pages/{page_id}/…, tokens only (no cookies). */
export const ALL: APIRoute = ({ request }) =>
  handleApiV1(request, {
    db: database().db,
    publicUrl: config.publicUrl,
    listenUrl: config.listenUrl,
    mailFrom: config.mailFrom,
    limiter: apiV1Limiter,
    now: Date.now(),
  });
