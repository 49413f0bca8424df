import { UPTIME_DAYS } from '../../core/uptime.js';
import { RECENT_DAYS } from './recent-events.js';

/** Words a visitor reads on the front page (`/`), outside the components and events it lists. */
export const HOME_WORDS = {
  subscribe: 'Subscribe to updates',
  openIncidents: 'Ongoing incidents',
  activeMaintenance: 'Maintenance in progress',
  upcomingMaintenance: 'Scheduled maintenance',
  components: 'Components',
  uptimeSpan: `uptime over the past ${UPTIME_DAYS} days`,
  noComponents: 'No components have been set up yet.',
  recent: `Past ${RECENT_DAYS} days`,
  noRecent: `No incidents reported in the past ${RECENT_DAYS} days.`,
  fullHistory: 'Full incident history →',
  followWith: 'follow with',
  or: 'or',
} as const;
