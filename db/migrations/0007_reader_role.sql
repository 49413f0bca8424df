PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`oidc_subject` text,
	`disabled_at` integer,
	`totp_key` text,
	`totp_last_step` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "users_role" CHECK(role in ('owner', 'editor', 'viewer', 'reader'))
);
--> statement-breakpoint
INSERT INTO `__new_users`("id", "email", "name", "role", "password_hash", "oidc_subject", "disabled_at", "totp_key", "totp_last_step", "created_at", "updated_at") SELECT "id", "email", "name", "role", "password_hash", "oidc_subject", "disabled_at", "totp_key", "totp_last_step", "created_at", "updated_at" FROM `users`;--> statement-breakpoint
DROP TABLE `users`;--> statement-breakpoint
ALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_oidc_subject_unique` ON `users` (`oidc_subject`);