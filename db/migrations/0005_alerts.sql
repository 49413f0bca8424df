CREATE TABLE `alert_baselines` (
	`component_id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`change_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`component_id`) REFERENCES `components`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `alert_proposals` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`state` text NOT NULL,
	`event_id` text,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`status` text NOT NULL,
	`severity` text NOT NULL,
	`changes` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`decided_at` integer,
	`decided_by` text,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "alert_proposals_state" CHECK(state in ('open', 'published', 'dismissed', 'withdrawn'))
);
--> statement-breakpoint
CREATE INDEX `alert_proposals_state_idx` ON `alert_proposals` (`state`,`created_at`);--> statement-breakpoint
CREATE TABLE `alert_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`position` integer NOT NULL,
	`matchers` text NOT NULL,
	`component_ids` text NOT NULL,
	`component_status` text,
	`severity` text,
	`template_id` text,
	`auto_publish` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`template_id`) REFERENCES `templates`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`key` text NOT NULL,
	`state` text NOT NULL,
	`name` text NOT NULL,
	`summary` text,
	`labels` text NOT NULL,
	`component_ids` text NOT NULL,
	`component_status` text,
	`severity` text,
	`rule_id` text,
	`proposal_id` text,
	`fired_at` integer NOT NULL,
	`changed_at` integer NOT NULL,
	`resolved_at` integer,
	`received_at` integer NOT NULL,
	`receipts` integer DEFAULT 1 NOT NULL,
	`note` text,
	`created_at` integer NOT NULL,
	CONSTRAINT "alerts_source" CHECK(source in ('alertmanager', 'grafana', 'generic', 'heartbeat', 'upstream')),
	CONSTRAINT "alerts_state" CHECK(state in ('firing', 'resolved'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_source_key_unique` ON `alerts` (`source`,`key`);--> statement-breakpoint
CREATE INDEX `alerts_state_idx` ON `alerts` (`state`,`received_at`);--> statement-breakpoint
CREATE TABLE `heartbeats` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`component_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`period_seconds` integer NOT NULL,
	`grace_seconds` integer NOT NULL,
	`component_status` text DEFAULT 'major_outage' NOT NULL,
	`last_ping_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`component_id`) REFERENCES `components`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `heartbeats_token_unique` ON `heartbeats` (`token_hash`);--> statement-breakpoint
CREATE TABLE `upstream_follows` (
	`component_id` text PRIMARY KEY NOT NULL,
	`summary_url` text NOT NULL,
	`upstream_component_id` text NOT NULL,
	`etag` text,
	`last_status` text,
	`last_polled_at` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`component_id`) REFERENCES `components`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `component_status_changes` ADD `alert_id` text;--> statement-breakpoint
ALTER TABLE `page_settings` ADD `alert_component_labels` text;--> statement-breakpoint
ALTER TABLE `page_settings` ADD `alert_severity_map` text;