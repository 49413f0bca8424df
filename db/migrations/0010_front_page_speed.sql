CREATE TABLE `front_rows` (
	`slot` text PRIMARY KEY NOT NULL,
	`build` text NOT NULL,
	`key` text NOT NULL,
	`html` blob NOT NULL,
	`valid_until` integer,
	`written_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `open_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
DROP INDEX `status_changes_component_at_idx`;
--> statement-breakpoint
CREATE INDEX `status_changes_component_at_idx` ON `component_status_changes` (`component_id`,`at`,`id`,`status`,`event_id`);
--> statement-breakpoint
ALTER TABLE `content_version` ADD `events_version` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- open_events: the events whose newest update (display time, then posting) does not close them, or that
-- have no update yet. Filled from the updates, then kept by the triggers below in every write's transaction.
INSERT INTO `open_events` (`event_id`) SELECT e.`id` FROM `events` e WHERE coalesce((SELECT u.`status` FROM `event_updates` u WHERE u.`event_id` = e.`id` ORDER BY u.`display_at` DESC, u.`created_at` DESC, u.rowid DESC LIMIT 1), 'investigating') NOT IN ('resolved', 'postmortem', 'completed');
--> statement-breakpoint
CREATE TRIGGER `events_insert_opens` AFTER INSERT ON `events` BEGIN INSERT OR IGNORE INTO `open_events` (`event_id`) VALUES (NEW.`id`); END;
--> statement-breakpoint
CREATE TRIGGER `events_delete_closes` AFTER DELETE ON `events` BEGIN DELETE FROM `open_events` WHERE `event_id` = OLD.`id`; END;
--> statement-breakpoint
CREATE TRIGGER `event_updates_insert_opens` AFTER INSERT ON `event_updates` BEGIN DELETE FROM `open_events` WHERE `event_id` = NEW.`event_id`; INSERT INTO `open_events` (`event_id`) SELECT e.`id` FROM `events` e WHERE e.`id` = NEW.`event_id` AND coalesce((SELECT u.`status` FROM `event_updates` u WHERE u.`event_id` = e.`id` ORDER BY u.`display_at` DESC, u.`created_at` DESC, u.rowid DESC LIMIT 1), 'investigating') NOT IN ('resolved', 'postmortem', 'completed'); END;
--> statement-breakpoint
CREATE TRIGGER `event_updates_delete_opens` AFTER DELETE ON `event_updates` BEGIN DELETE FROM `open_events` WHERE `event_id` = OLD.`event_id`; INSERT INTO `open_events` (`event_id`) SELECT e.`id` FROM `events` e WHERE e.`id` = OLD.`event_id` AND coalesce((SELECT u.`status` FROM `event_updates` u WHERE u.`event_id` = e.`id` ORDER BY u.`display_at` DESC, u.`created_at` DESC, u.rowid DESC LIMIT 1), 'investigating') NOT IN ('resolved', 'postmortem', 'completed'); END;
--> statement-breakpoint
CREATE TRIGGER `event_updates_update_opens` AFTER UPDATE ON `event_updates` BEGIN DELETE FROM `open_events` WHERE `event_id` = OLD.`event_id`; INSERT INTO `open_events` (`event_id`) SELECT e.`id` FROM `events` e WHERE e.`id` = OLD.`event_id` AND coalesce((SELECT u.`status` FROM `event_updates` u WHERE u.`event_id` = e.`id` ORDER BY u.`display_at` DESC, u.`created_at` DESC, u.rowid DESC LIMIT 1), 'investigating') NOT IN ('resolved', 'postmortem', 'completed'); DELETE FROM `open_events` WHERE `event_id` = NEW.`event_id`; INSERT INTO `open_events` (`event_id`) SELECT e.`id` FROM `events` e WHERE e.`id` = NEW.`event_id` AND coalesce((SELECT u.`status` FROM `event_updates` u WHERE u.`event_id` = e.`id` ORDER BY u.`display_at` DESC, u.`created_at` DESC, u.rowid DESC LIMIT 1), 'investigating') NOT IN ('resolved', 'postmortem', 'completed'); END;
--> statement-breakpoint
-- events_version: bumped with version by changes to what an event's view reads (events, their updates,
-- the components they affect and the changes they announce, components' names), not by status history,
-- so the event lists stay remembered across a component's status change.
DROP TRIGGER `events_insert_bumps_content`;
--> statement-breakpoint
CREATE TRIGGER `events_insert_bumps_content` AFTER INSERT ON `events` BEGIN UPDATE `content_version` SET `version` = `version` + 1, `events_version` = `events_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
DROP TRIGGER `events_update_bumps_content`;
--> statement-breakpoint
CREATE TRIGGER `events_update_bumps_content` AFTER UPDATE ON `events` BEGIN UPDATE `content_version` SET `version` = `version` + 1, `events_version` = `events_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
DROP TRIGGER `events_delete_bumps_content`;
--> statement-breakpoint
CREATE TRIGGER `events_delete_bumps_content` AFTER DELETE ON `events` BEGIN UPDATE `content_version` SET `version` = `version` + 1, `events_version` = `events_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
DROP TRIGGER `event_updates_insert_bumps_content`;
--> statement-breakpoint
CREATE TRIGGER `event_updates_insert_bumps_content` AFTER INSERT ON `event_updates` BEGIN UPDATE `content_version` SET `version` = `version` + 1, `events_version` = `events_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
DROP TRIGGER `event_updates_update_bumps_content`;
--> statement-breakpoint
CREATE TRIGGER `event_updates_update_bumps_content` AFTER UPDATE ON `event_updates` BEGIN UPDATE `content_version` SET `version` = `version` + 1, `events_version` = `events_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
DROP TRIGGER `event_updates_delete_bumps_content`;
--> statement-breakpoint
CREATE TRIGGER `event_updates_delete_bumps_content` AFTER DELETE ON `event_updates` BEGIN UPDATE `content_version` SET `version` = `version` + 1, `events_version` = `events_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
DROP TRIGGER `event_components_insert_bumps_content`;
--> statement-breakpoint
CREATE TRIGGER `event_components_insert_bumps_content` AFTER INSERT ON `event_components` BEGIN UPDATE `content_version` SET `version` = `version` + 1, `events_version` = `events_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
DROP TRIGGER `event_components_update_bumps_content`;
--> statement-breakpoint
CREATE TRIGGER `event_components_update_bumps_content` AFTER UPDATE ON `event_components` BEGIN UPDATE `content_version` SET `version` = `version` + 1, `events_version` = `events_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
DROP TRIGGER `event_components_delete_bumps_content`;
--> statement-breakpoint
CREATE TRIGGER `event_components_delete_bumps_content` AFTER DELETE ON `event_components` BEGIN UPDATE `content_version` SET `version` = `version` + 1, `events_version` = `events_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
DROP TRIGGER `update_component_changes_insert_bumps_content`;
--> statement-breakpoint
CREATE TRIGGER `update_component_changes_insert_bumps_content` AFTER INSERT ON `update_component_changes` BEGIN UPDATE `content_version` SET `version` = `version` + 1, `events_version` = `events_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
DROP TRIGGER `update_component_changes_update_bumps_content`;
--> statement-breakpoint
CREATE TRIGGER `update_component_changes_update_bumps_content` AFTER UPDATE ON `update_component_changes` BEGIN UPDATE `content_version` SET `version` = `version` + 1, `events_version` = `events_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
DROP TRIGGER `update_component_changes_delete_bumps_content`;
--> statement-breakpoint
CREATE TRIGGER `update_component_changes_delete_bumps_content` AFTER DELETE ON `update_component_changes` BEGIN UPDATE `content_version` SET `version` = `version` + 1, `events_version` = `events_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
DROP TRIGGER `components_insert_bumps_content`;
--> statement-breakpoint
CREATE TRIGGER `components_insert_bumps_content` AFTER INSERT ON `components` BEGIN UPDATE `content_version` SET `version` = `version` + 1, `events_version` = `events_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
DROP TRIGGER `components_update_bumps_content`;
--> statement-breakpoint
CREATE TRIGGER `components_update_bumps_content` AFTER UPDATE ON `components` BEGIN UPDATE `content_version` SET `version` = `version` + 1, `events_version` = `events_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
DROP TRIGGER `components_delete_bumps_content`;
--> statement-breakpoint
CREATE TRIGGER `components_delete_bumps_content` AFTER DELETE ON `components` BEGIN UPDATE `content_version` SET `version` = `version` + 1, `events_version` = `events_version` + 1 WHERE `id` = 1; END;
