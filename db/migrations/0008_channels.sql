CREATE TABLE `team_channels` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`url_encrypted` text NOT NULL,
	`signing_secret` text,
	`events` text DEFAULT '[]' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`failing_since` integer,
	`quarantined_at` integer,
	`quarantine_reason` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "team_channels_kind" CHECK(kind in ('webhook', 'slack', 'teams', 'discord')),
	CONSTRAINT "team_channels_events" CHECK(json_valid(events) and json_type(events) = 'array'),
	CONSTRAINT "team_channels_secret" CHECK((kind = 'webhook') = (signing_secret is not null))
);
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`channel` text DEFAULT 'email' NOT NULL,
	`subscriber_id` text,
	`team_channel_id` text,
	`event_id` text,
	`update_id` text,
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
	CONSTRAINT "deliveries_kind" CHECK(kind in ('confirm', 'update', 'postmortem', 'channel_test', 'quarantine_notice', 'team_event')),
	CONSTRAINT "deliveries_state" CHECK(state in ('pending', 'sent', 'failed', 'cancelled')),
	CONSTRAINT "deliveries_channel" CHECK(channel in ('email', 'webhook', 'slack', 'teams', 'discord')),
	CONSTRAINT "deliveries_recipient" CHECK((subscriber_id is null) <> (team_channel_id is null))
);
--> statement-breakpoint
INSERT INTO `__new_deliveries`("id", "kind", "channel", "subscriber_id", "team_channel_id", "event_id", "update_id", "dedupe_key", "payload", "state", "attempts", "next_attempt_at", "lease_until", "last_error", "message_id", "created_at", "updated_at", "sent_at") SELECT "id", "kind", "channel", "subscriber_id", NULL, "event_id", "update_id", "dedupe_key", "payload", "state", "attempts", "next_attempt_at", "lease_until", "last_error", "message_id", "created_at", "updated_at", "sent_at" FROM `deliveries`;--> statement-breakpoint
DROP TABLE `deliveries`;--> statement-breakpoint
ALTER TABLE `__new_deliveries` RENAME TO `deliveries`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_dedupe_unique` ON `deliveries` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `deliveries_due_idx` ON `deliveries` (`channel`,`state`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `deliveries_subscriber_idx` ON `deliveries` (`subscriber_id`);--> statement-breakpoint
CREATE INDEX `deliveries_team_channel_idx` ON `deliveries` (`team_channel_id`);--> statement-breakpoint
CREATE INDEX `deliveries_update_idx` ON `deliveries` (`update_id`);--> statement-breakpoint
DROP INDEX `subscribers_email_unique`;--> statement-breakpoint
ALTER TABLE `subscribers` ADD `channel` text DEFAULT 'email' NOT NULL;--> statement-breakpoint
ALTER TABLE `subscribers` ADD `endpoint` text;--> statement-breakpoint
ALTER TABLE `subscribers` ADD `signing_secret` text;--> statement-breakpoint
ALTER TABLE `subscribers` ADD `consecutive_failures` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `subscribers` ADD `failing_since` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `subscribers_endpoint_unique` ON `subscribers` (`channel`,`endpoint`) WHERE endpoint is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `subscribers_email_unique` ON `subscribers` (`email`) WHERE channel = 'email';--> statement-breakpoint
-- The channel rules of subscribers, as triggers: a table CHECK would need a rebuild, and rebuilding
-- subscribers inside the migration's transaction would cascade-delete its deliveries and choices.
CREATE TRIGGER `subscribers_channel_insert` BEFORE INSERT ON `subscribers`
WHEN NEW.channel NOT IN ('email', 'webhook', 'slack', 'teams', 'discord')
  OR (NEW.channel = 'email') <> (NEW.endpoint IS NULL)
  OR (NEW.channel = 'webhook') <> (NEW.signing_secret IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: subscribers_channel'); END;--> statement-breakpoint
CREATE TRIGGER `subscribers_channel_update` BEFORE UPDATE OF channel, endpoint, signing_secret ON `subscribers`
WHEN NEW.channel NOT IN ('email', 'webhook', 'slack', 'teams', 'discord')
  OR (NEW.channel = 'email') <> (NEW.endpoint IS NULL)
  OR (NEW.channel = 'webhook') <> (NEW.signing_secret IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: subscribers_channel'); END;
