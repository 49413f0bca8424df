CREATE TABLE `component_status_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`component_id` text NOT NULL,
	`status` text NOT NULL,
	`at` integer NOT NULL,
	`cause` text NOT NULL,
	`event_id` text,
	`update_id` text,
	`actor_id` text,
	FOREIGN KEY (`component_id`) REFERENCES `components`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`update_id`) REFERENCES `event_updates`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "status_changes_status" CHECK(status in ('operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'))
);
--> statement-breakpoint
CREATE INDEX `status_changes_component_at_idx` ON `component_status_changes` (`component_id`,`at`,`id`);--> statement-breakpoint
CREATE TABLE `components` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`is_group` integer DEFAULT false NOT NULL,
	`group_id` text,
	`position` integer DEFAULT 0 NOT NULL,
	`showcase` integer DEFAULT true NOT NULL,
	`only_show_if_degraded` integer DEFAULT false NOT NULL,
	`start_date` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`archived_at` integer,
	FOREIGN KEY (`group_id`) REFERENCES `components`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `components_slug_unique` ON `components` (`slug`);--> statement-breakpoint
CREATE INDEX `components_group_position_idx` ON `components` (`group_id`,`position`);--> statement-breakpoint
CREATE TABLE `event_components` (
	`event_id` text NOT NULL,
	`component_id` text NOT NULL,
	PRIMARY KEY(`event_id`, `component_id`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`component_id`) REFERENCES `components`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `event_components_component_idx` ON `event_components` (`component_id`);--> statement-breakpoint
CREATE TABLE `event_updates` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`status` text NOT NULL,
	`body` text NOT NULL,
	`display_at` integer NOT NULL,
	`notify` integer DEFAULT true NOT NULL,
	`author_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "event_updates_status" CHECK(status in ('investigating', 'identified', 'monitoring', 'resolved', 'postmortem', 'scheduled', 'in_progress', 'verifying', 'completed'))
);
--> statement-breakpoint
CREATE INDEX `event_updates_event_display_idx` ON `event_updates` (`event_id`,`display_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`reference` text NOT NULL,
	`title` text NOT NULL,
	`severity` text,
	`impact_override` text,
	`started_at` integer,
	`scheduled_for` integer,
	`scheduled_until` integer,
	`sort_at` integer GENERATED ALWAYS AS (coalesce(started_at, scheduled_for)) VIRTUAL,
	`postmortem_body` text,
	`postmortem_published_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "events_kind" CHECK(kind in ('incident', 'maintenance')),
	CONSTRAINT "events_severity" CHECK(severity is null or severity in ('SEV1', 'SEV2', 'SEV3', 'SEV4')),
	CONSTRAINT "events_incident_started" CHECK("events"."kind" <> 'incident' or "events"."started_at" is not null),
	CONSTRAINT "events_maintenance_window" CHECK("events"."kind" <> 'maintenance' or coalesce("events"."scheduled_until" > "events"."scheduled_for", 0))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_reference_unique` ON `events` (`reference`);--> statement-breakpoint
CREATE INDEX `events_sort_idx` ON `events` (`sort_at`);--> statement-breakpoint
CREATE TABLE `page_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`name` text NOT NULL,
	`url` text,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`description` text,
	`support_url` text,
	`brand_color` text,
	`logo_url` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "page_settings_singleton" CHECK("page_settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE `update_component_changes` (
	`update_id` text NOT NULL,
	`component_id` text NOT NULL,
	`old_status` text NOT NULL,
	`new_status` text NOT NULL,
	PRIMARY KEY(`update_id`, `component_id`),
	FOREIGN KEY (`update_id`) REFERENCES `event_updates`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`component_id`) REFERENCES `components`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `update_component_changes_component_idx` ON `update_component_changes` (`component_id`);