-- The closed trades in closing order with the columns /profit reads, so its streaming pass reads
-- the index alone, page after page, without sorting.
CREATE INDEX `trades_closed_order_idx` ON `trades` (`is_open`,`close_date`,`id`,`is_short`,`pair`,`open_date`,`close_profit`,`close_profit_abs`);
--> statement-breakpoint
-- One row counting the writes that can change a report over closed trades (trades_version) or
-- the trading volume (orders_version). Triggers keep it, whoever writes (bot, API, seeders, other
-- processes), so a cached report is valid exactly while its counter is unchanged.
CREATE TABLE `report_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`trades_version` integer DEFAULT 0 NOT NULL,
	`orders_version` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO `report_state` (`id`, `trades_version`, `orders_version`) VALUES (1, 0, 0);
--> statement-breakpoint
CREATE TRIGGER `report_trades_insert` AFTER INSERT ON `trades` WHEN NEW.`is_open` = 0
BEGIN UPDATE `report_state` SET `trades_version` = `trades_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `report_trades_update` AFTER UPDATE ON `trades` WHEN OLD.`is_open` = 0 OR NEW.`is_open` = 0
BEGIN UPDATE `report_state` SET `trades_version` = `trades_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `report_trades_delete` AFTER DELETE ON `trades` WHEN OLD.`is_open` = 0
BEGIN UPDATE `report_state` SET `trades_version` = `trades_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `report_orders_insert` AFTER INSERT ON `orders` WHEN NEW.`status` = 'closed'
BEGIN UPDATE `report_state` SET `orders_version` = `orders_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `report_orders_update` AFTER UPDATE ON `orders` WHEN OLD.`status` = 'closed' OR NEW.`status` = 'closed'
BEGIN UPDATE `report_state` SET `orders_version` = `orders_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `report_orders_delete` AFTER DELETE ON `orders` WHEN OLD.`status` = 'closed'
BEGIN UPDATE `report_state` SET `orders_version` = `orders_version` + 1 WHERE `id` = 1; END;
