import type { ApiRoute } from '../route.js';
import { ALERT_ROUTES } from './alerts.js';
import { INCIDENT_ROUTES } from './incidents.js';
import { PAGE_ROUTES } from './pages.js';

/** Every /api/v1 route, one module per resource; the router and the OpenAPI document read this list. */
export const API_V1_ROUTES: readonly ApiRoute[] = [...PAGE_ROUTES, ...INCIDENT_ROUTES, ...ALERT_ROUTES];
