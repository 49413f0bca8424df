import { config } from '../config.js';
import { TokenRateLimiter } from './rate-limiter.js';

/** The process's one limiter: every request to /api/v1 counts against its token here. */
export const apiV1Limiter = new TokenRateLimiter(config.apiRatePerSecond);
