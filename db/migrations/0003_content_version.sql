CREATE TABLE `content_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	CONSTRAINT "content_version_singleton" CHECK("content_version"."id" = 1)
);
--> statement-breakpoint
INSERT INTO `content_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `page_settings_insert_bumps_content` AFTER INSERT ON `page_settings` BEGIN UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `page_settings_update_bumps_content` AFTER UPDATE ON `page_settings` BEGIN UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `page_settings_delete_bumps_content` AFTER DELETE ON `page_settings` BEGIN UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `components_insert_bumps_content` AFTER INSERT ON `components` BEGIN UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `components_update_bumps_content` AFTER UPDATE ON `components` BEGIN UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `components_delete_bumps_content` AFTER DELETE ON `components` BEGIN UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `component_status_changes_insert_bumps_content` AFTER INSERT ON `component_status_changes` BEGIN UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `component_status_changes_update_bumps_content` AFTER UPDATE ON `component_status_changes` BEGIN UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `component_status_changes_delete_bumps_content` AFTER DELETE ON `component_status_changes` BEGIN UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `events_insert_bumps_content` AFTER INSERT ON `events` BEGIN UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `events_update_bumps_content` AFTER UPDATE ON `events` BEGIN UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `events_delete_bumps_content` AFTER DELETE ON `events` BEGIN UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `event_updates_insert_bumps_content` AFTER INSERT ON `event_updates` BEGIN UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `event_updates_update_bumps_content` AFTER UPDATE ON `event_updates` BEGIN UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `event_updates_delete_bumps_content` AFTER DELETE ON `event_updates` BEGIN UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `update_component_changes_insert_bumps_content` AFTER INSERT ON `update_component_changes` BEGIN UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `update_component_changes_update_bumps_content` AFTER UPDATE ON `update_component_changes` BEGIN UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `update_component_changes_delete_bumps_content` AFTER DELETE ON `update_component_changes` BEGIN UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `event_components_insert_bumps_content` AFTER INSERT ON `event_components` BEGIN UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `event_components_update_bumps_content` AFTER UPDATE ON `event_components` BEGIN UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `event_components_delete_bumps_content` AFTER DELETE ON `event_components` BEGIN UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
