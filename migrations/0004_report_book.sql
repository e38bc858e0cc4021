-- The reports are kept by the report book (src/reports/book.ts), told by runTradeWrites of every
-- trade or order write: the write counters of 0003 and their triggers are no longer read.
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
