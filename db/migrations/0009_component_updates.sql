PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`channel` text DEFAULT 'email' NOT NULL,
	`subscriber_id` text,
	`team_channel_id` text,
	`event_id` text,
	`update_id` text,
	`component_change_id` integer,
	`dedupe_key` text NOT NULL,
	`payload` text,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer,
	`last_error` text,
	`message_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`subscriber_id`) REFERENCES `subscribers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`team_channel_id`) REFERENCES `team_channels`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`update_id`) REFERENCES `event_updates`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`component_change_id`) REFERENCES `component_status_changes`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "deliveries_kind" CHECK(kind in ('confirm', 'update', 'postmortem', 'channel_test', 'quarantine_notice', 'team_event', 'component_update')),
	CONSTRAINT "deliveries_state" CHECK(state in ('pending', 'sent', 'failed', 'cancelled')),
	CONSTRAINT "deliveries_channel" CHECK(channel in ('email', 'webhook', 'slack', 'teams', 'discord')),
	CONSTRAINT "deliveries_recipient" CHECK((subscriber_id is null) <> (team_channel_id is null))
);
--> statement-breakpoint
INSERT INTO `__new_deliveries`("id", "kind", "channel", "subscriber_id", "team_channel_id", "event_id", "update_id", "dedupe_key", "payload", "state", "attempts", "next_attempt_at", "lease_until", "last_error", "message_id", "created_at", "updated_at", "sent_at") SELECT "id", "kind", "channel", "subscriber_id", "team_channel_id", "event_id", "update_id", "dedupe_key", "payload", "state", "attempts", "next_attempt_at", "lease_until", "last_error", "message_id", "created_at", "updated_at", "sent_at" FROM `deliveries`;--> statement-breakpoint
DROP TABLE `deliveries`;--> statement-breakpoint
ALTER TABLE `__new_deliveries` RENAME TO `deliveries`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_dedupe_unique` ON `deliveries` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `deliveries_due_idx` ON `deliveries` (`channel`,`state`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `deliveries_subscriber_idx` ON `deliveries` (`subscriber_id`);--> statement-breakpoint
CREATE INDEX `deliveries_team_channel_idx` ON `deliveries` (`team_channel_id`);--> statement-breakpoint
CREATE INDEX `deliveries_update_idx` ON `deliveries` (`update_id`);--> statement-breakpoint
CREATE INDEX `deliveries_component_change_idx` ON `deliveries` (`component_change_id`);