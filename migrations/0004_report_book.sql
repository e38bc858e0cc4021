-- The reports are kept by the report book (src/reports/book.ts), told by runTradeWrites of every
-- trade or order write: the write counters of 0003 and their triggers are no longer read. The
-- book's one pass reads the tags too: the closing-order index covers them.
DROP TRIGGER IF EXISTS `report_trades_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `report_trades_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `report_trades_delete`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `report_orders_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `report_orders_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `report_orders_delete`;
--> statement-breakpoint
DROP TABLE IF EXISTS `report_state`;
--> statement-breakpoint
DROP INDEX IF EXISTS `trades_closed_order_idx`;
--> statement-breakpoint
CREATE INDEX `trades_closed_order_idx` ON `trades` (`is_open`,`close_date`,`id`,`is_short`,`pair`,`open_date`,`close_profit`,`close_profit_abs`,`enter_tag`,`exit_reason`);
