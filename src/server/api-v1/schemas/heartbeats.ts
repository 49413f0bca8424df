import { z } from 'zod/v4';
import { named } from '../registry.js';

export const HeartbeatPing = named(
  'HeartbeatPing',
  z.object({
    heartbeat: z.object({ id: z.string(), name: z.string() }),
    pinged_at: z.string().meta({ format: 'date-time' }),
    next_due_by: z.string().meta({ format: 'date-time' }).describe('The next ping must come before this (period + grace), or the heartbeat’s alert fires.'),
    resolved_alert: z.boolean().describe('Whether this ping ended a missed-heartbeat alert.'),
  }),
  'A recorded heartbeat ping.',
);
