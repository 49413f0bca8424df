import type { ApiRoute } from '../route.js';
import { ALERT_ROUTES } from './alerts.js';
import { COMPONENT_GROUP_ROUTES } from './component-groups.js';
import { COMPONENT_UPTIME_ROUTES } from './component-uptime.js';
import { COMPONENT_ROUTES } from './components.js';
import { INCIDENT_TEMPLATE_ROUTES } from './incident-templates.js';
import { INCIDENT_ROUTES } from './incidents.js';
import { PAGE_ROUTES } from './pages.js';
import { SUBSCRIBER_ROUTES } from './subscribers.js';

/** Every /api/v1 route, one module per resource; the router and the OpenAPI document read this list. */
export const API_V1_ROUTES: readonly ApiRoute[] = [
  ...PAGE_ROUTES,
  ...COMPONENT_ROUTES,
  ...COMPONENT_UPTIME_ROUTES,
  ...COMPONENT_GROUP_ROUTES,
  ...INCIDENT_ROUTES,
  ...SUBSCRIBER_ROUTES,
  ...INCIDENT_TEMPLATE_ROUTES,
  ...ALERT_ROUTES,
];
