CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ts` integer NOT NULL,
	`username` text NOT NULL,
	`client_ip` text NOT NULL,
	`method` text NOT NULL,
	`route` text NOT NULL,
	`body_digest` text,
	`status` integer NOT NULL,
	`outcome` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_ts_idx` ON `audit_log` (`ts`);--> statement-breakpoint
CREATE TABLE `candles` (
	`pair` text NOT NULL,
	`timeframe` text NOT NULL,
	`candle_type` text NOT NULL,
	`ts` integer NOT NULL,
	`open` real NOT NULL,
	`high` real NOT NULL,
	`low` real NOT NULL,
	`close` real NOT NULL,
	`volume` real NOT NULL,
	PRIMARY KEY(`pair`, `timeframe`, `candle_type`, `ts`)
);
--> statement-breakpoint
CREATE TABLE `trade_custom_data` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ft_trade_id` integer NOT NULL,
	`cd_key` text NOT NULL,
	`cd_type` text NOT NULL,
	`cd_value` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`ft_trade_id`) REFERENCES `trades`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `custom_data_trade_key_idx` ON `trade_custom_data` (`ft_trade_id`,`cd_key`);--> statement-breakpoint
CREATE TABLE `kv` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `login_failures` (
	`subject` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`locked_until` integer DEFAULT 0 NOT NULL,
	`updated_at` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ft_trade_id` integer NOT NULL,
	`ft_order_side` text NOT NULL,
	`ft_pair` text NOT NULL,
	`ft_is_open` integer DEFAULT true NOT NULL,
	`ft_amount` real NOT NULL,
	`ft_price` real NOT NULL,
	`ft_cancel_reason` text,
	`ft_order_tag` text,
	`order_id` text,
	`client_order_id` text NOT NULL,
	`status` text,
	`symbol` text,
	`order_type` text,
	`side` text,
	`price` real,
	`average` real,
	`amount` real,
	`filled` real,
	`remaining` real,
	`cost` real,
	`stop_price` real,
	`order_date` integer NOT NULL,
	`order_filled_date` integer,
	`order_update_date` integer,
	`funding_fee` real,
	`ft_fee_base` real,
	`fee_cost` real,
	`fee_currency` text,
	`leverage` real,
	FOREIGN KEY (`ft_trade_id`) REFERENCES `trades`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `orders_trade_idx` ON `orders` (`ft_trade_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_client_order_id_idx` ON `orders` (`client_order_id`);--> statement-breakpoint
CREATE INDEX `orders_open_idx` ON `orders` (`ft_is_open`);--> statement-breakpoint
CREATE TABLE `pairlocks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pair` text NOT NULL,
	`side` text DEFAULT '*' NOT NULL,
	`reason` text,
	`lock_time` integer NOT NULL,
	`lock_end_time` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE INDEX `pairlocks_active_idx` ON `pairlocks` (`active`,`lock_end_time`);--> statement-breakpoint
CREATE TABLE `sim_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`client_order_id` text NOT NULL,
	`symbol` text NOT NULL,
	`is_open` integer NOT NULL,
	`data` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sim_orders_client_idx` ON `sim_orders` (`client_order_id`);--> statement-breakpoint
CREATE INDEX `sim_orders_open_idx` ON `sim_orders` (`is_open`);--> statement-breakpoint
CREATE TABLE `trades` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`exchange` text NOT NULL,
	`pair` text NOT NULL,
	`base_currency` text NOT NULL,
	`stake_currency` text NOT NULL,
	`is_open` integer DEFAULT true NOT NULL,
	`fee_open` real DEFAULT 0 NOT NULL,
	`fee_open_cost` real,
	`fee_open_currency` text,
	`fee_close` real DEFAULT 0 NOT NULL,
	`fee_close_cost` real,
	`fee_close_currency` text,
	`open_rate` real NOT NULL,
	`open_rate_requested` real,
	`open_trade_value` real DEFAULT 0 NOT NULL,
	`close_rate` real,
	`close_rate_requested` real,
	`realized_profit` real DEFAULT 0 NOT NULL,
	`close_profit` real,
	`close_profit_abs` real,
	`stake_amount` real NOT NULL,
	`max_stake_amount` real,
	`amount` real NOT NULL,
	`amount_requested` real,
	`open_date` integer NOT NULL,
	`close_date` integer,
	`stop_loss` real DEFAULT 0 NOT NULL,
	`stop_loss_pct` real,
	`initial_stop_loss` real DEFAULT 0,
	`initial_stop_loss_pct` real,
	`is_stop_loss_trailing` integer DEFAULT false NOT NULL,
	`stoploss_last_update` integer,
	`max_rate` real,
	`min_rate` real,
	`exit_reason` text,
	`exit_order_status` text,
	`strategy` text NOT NULL,
	`enter_tag` text,
	`timeframe` integer,
	`trading_mode` text DEFAULT 'spot' NOT NULL,
	`amount_precision` real,
	`price_precision` real,
	`precision_mode` integer,
	`precision_mode_price` integer,
	`contract_size` real,
	`leverage` real DEFAULT 1 NOT NULL,
	`is_short` integer DEFAULT false NOT NULL,
	`liquidation_price` real,
	`interest_rate` real DEFAULT 0 NOT NULL,
	`funding_fees` real DEFAULT 0 NOT NULL,
	`order_seq` integer DEFAULT 0 NOT NULL,
	`record_version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `trades_is_open_idx` ON `trades` (`is_open`,`id`);--> statement-breakpoint
CREATE INDEX `trades_pair_idx` ON `trades` (`pair`,`is_open`);--> statement-breakpoint
CREATE INDEX `trades_close_date_idx` ON `trades` (`is_open`,`close_date`);