DROP INDEX `trades_close_date_idx`;--> statement-breakpoint
CREATE INDEX `trades_performance_idx` ON `trades` (`is_open`,`pair`,`close_profit_abs`,`close_profit`);--> statement-breakpoint
CREATE INDEX `trades_close_date_idx` ON `trades` (`is_open`,`close_date`,`close_profit_abs`);--> statement-breakpoint
CREATE INDEX `orders_volume_idx` ON `orders` (`status`,`ft_trade_id`,`cost`);