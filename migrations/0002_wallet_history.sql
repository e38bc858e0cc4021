CREATE TABLE `wallet_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`date` integer NOT NULL,
	`currency` text NOT NULL,
	`total_quote` real NOT NULL,
	`free_quote` real NOT NULL,
	`used_quote` real NOT NULL
);
--> statement-breakpoint
CREATE INDEX `wallet_history_date_idx` ON `wallet_history` (`date`);
