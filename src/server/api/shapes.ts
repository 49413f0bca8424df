/** Atlassian Statuspage v2 public API shapes, field for field. Times are ISO-8601 with the page's offset. */
import type { ComponentStatus } from '../../core/component-status.js';
import type { Impact } from '../../core/impact.js';
import type { EventStatus } from '../../core/incident-status.js';
import type { Indicator } from '../../core/indicator.js';

export interface PageJson {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  updated_at: string;
}

export interface ComponentJson {
  id: string;
  name: string;
  status: ComponentStatus;
  created_at: string;
  updated_at: string;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: string | null;
  page_id: string;
  group: boolean;
  only_show_if_degraded: boolean;
  /** Groups only: their children's ids. */
  components?: string[];
}

export interface AffectedComponentJson {
  code: string;
  name: string;
  old_status: ComponentStatus;
  new_status: ComponentStatus;
}

export interface IncidentUpdateJson {
  id: string;
  status: EventStatus;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: AffectedComponentJson[];
  deliver_notifications: boolean;
  custom_tweet: null;
  tweet_id: null;
}

export interface IncidentJson {
  id: string;
  name: string;
  status: EventStatus;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  impact: Impact;
  shortlink: string;
  started_at: string;
  page_id: string;
  /** Newest first. */
  incident_updates: IncidentUpdateJson[];
  components: ComponentJson[];
  reminder_intervals: null;
}

export interface MaintenanceJson extends IncidentJson {
  scheduled_for: string;
  scheduled_until: string;
}

export interface StatusJson {
  indicator: Indicator;
  description: string;
}
