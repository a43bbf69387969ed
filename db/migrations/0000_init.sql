CREATE TABLE `areas` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`rate_area` text NOT NULL,
	CONSTRAINT "areas_kind" CHECK(kind IN ('london_borough', 'region', 'nation')),
	CONSTRAINT "areas_rate_area" CHECK(rate_area IN ('london', 'uk'))
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`action` text NOT NULL,
	`before` text,
	`after` text,
	`contributor_id` integer,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`why` text,
	FOREIGN KEY (`contributor_id`) REFERENCES `contributors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "audit_action" CHECK(action IN ('insert', 'update', 'delete'))
);
--> statement-breakpoint
CREATE INDEX `audit_table_row_idx` ON `audit_log` (`table_name`,`row_id`);--> statement-breakpoint
CREATE TABLE `commitment_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`employer_id` integer NOT NULL,
	`event` text NOT NULL,
	`effective_on` text NOT NULL,
	`rate_area` text NOT NULL,
	`rate_pence` integer,
	`workers_covered` integer,
	`workers_uplifted` integer,
	`source_url` text NOT NULL,
	`note` text,
	`reason` text,
	`recorded_by` integer NOT NULL,
	`recorded_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `contributors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "events_event" CHECK(event IN ('pledged', 'accredited', 'rate_implemented', 'lapsed', 'revoked', 'withdrawn', 'reinstated')),
	CONSTRAINT "events_rate_area" CHECK(rate_area IN ('london', 'uk')),
	CONSTRAINT "events_effective_on" CHECK(effective_on IS date(effective_on) AND length(effective_on) = 10),
	CONSTRAINT "events_rate" CHECK(("commitment_events"."event" = 'rate_implemented') = ("commitment_events"."rate_pence" IS NOT NULL) AND ("commitment_events"."rate_pence" IS NULL OR "commitment_events"."rate_pence" > 0)),
	CONSTRAINT "events_workers" CHECK(("commitment_events"."workers_covered" IS NULL OR "commitment_events"."workers_covered" >= 0) AND ("commitment_events"."workers_uplifted" IS NULL OR "commitment_events"."workers_uplifted" >= 0)),
	CONSTRAINT "events_source_url" CHECK((source_url LIKE 'http://_%' OR source_url LIKE 'https://_%')),
	CONSTRAINT "events_reason" CHECK("commitment_events"."event" NOT IN ('lapsed', 'revoked', 'withdrawn') OR length(trim(coalesce("commitment_events"."reason", ''))) > 0)
);
--> statement-breakpoint
CREATE INDEX `events_employer_date_idx` ON `commitment_events` (`employer_id`,`effective_on`,`id`);--> statement-breakpoint
CREATE INDEX `events_date_idx` ON `commitment_events` (`effective_on`);--> statement-breakpoint
CREATE INDEX `events_status_idx` ON `commitment_events` (`employer_id`,`effective_on`,`id`) WHERE event <> 'rate_implemented';--> statement-breakpoint
CREATE TABLE `contributors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`handle` text NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`role` text NOT NULL,
	`organisation` text,
	`is_credited` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "contributors_role" CHECK(role IN ('campaigner', 'staff')),
	CONSTRAINT "contributors_handle" CHECK("contributors"."handle" GLOB '[a-z0-9]*' AND "contributors"."handle" NOT GLOB '*[^a-z0-9_.-]*' AND length("contributors"."handle") <= 40)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contributors_handle_unique` ON `contributors` (`handle`);--> statement-breakpoint
CREATE TABLE `employer_names` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`employer_id` integer NOT NULL,
	`name` text NOT NULL,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "employer_names_name" CHECK(length(trim("employer_names"."name")) BETWEEN 1 AND 300)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `employer_names_unique` ON `employer_names` (`employer_id`,`name`);--> statement-breakpoint
CREATE TABLE `employers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`companies_house_number` text,
	`sector_code` text NOT NULL,
	`size_code` text,
	`area_code` text NOT NULL,
	`website` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`sector_code`) REFERENCES `sectors`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`size_code`) REFERENCES `size_bands`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`area_code`) REFERENCES `areas`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "employers_slug" CHECK("employers"."slug" GLOB '[a-z0-9]*' AND "employers"."slug" NOT GLOB '*[^a-z0-9-]*'),
	CONSTRAINT "employers_name" CHECK(length(trim("employers"."name")) BETWEEN 1 AND 300),
	CONSTRAINT "employers_company_number" CHECK("employers"."companies_house_number" IS NULL OR "employers"."companies_house_number" GLOB '[A-Z0-9][A-Z0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
	CONSTRAINT "employers_website" CHECK("employers"."website" IS NULL OR (website LIKE 'http://_%' OR website LIKE 'https://_%'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `employers_slug_unique` ON `employers` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `employers_companies_house_number_unique` ON `employers` (`companies_house_number`);--> statement-breakpoint
CREATE INDEX `employers_name_idx` ON `employers` (`name`);--> statement-breakpoint
CREATE INDEX `employers_sector_idx` ON `employers` (`sector_code`);--> statement-breakpoint
CREATE INDEX `employers_area_idx` ON `employers` (`area_code`);--> statement-breakpoint
CREATE TABLE `living_wage_rates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rate_area` text NOT NULL,
	`rate_pence` integer NOT NULL,
	`announced_on` text NOT NULL,
	`announced_precision` text NOT NULL,
	`implement_by` text,
	`source_url` text NOT NULL,
	`note` text,
	CONSTRAINT "rates_rate_area" CHECK(rate_area IN ('london', 'uk')),
	CONSTRAINT "rates_pence" CHECK("living_wage_rates"."rate_pence" > 0),
	CONSTRAINT "rates_precision" CHECK(announced_precision IN ('day', 'month', 'year')),
	CONSTRAINT "rates_announced_on" CHECK(announced_on IS date(announced_on) AND length(announced_on) = 10),
	CONSTRAINT "rates_implement_by" CHECK("living_wage_rates"."implement_by" IS NULL OR (implement_by IS date(implement_by) AND length(implement_by) = 10 AND "living_wage_rates"."implement_by" >= "living_wage_rates"."announced_on")),
	CONSTRAINT "rates_source_url" CHECK((source_url LIKE 'http://_%' OR source_url LIKE 'https://_%'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rates_area_announced` ON `living_wage_rates` (`rate_area`,`announced_on`);--> statement-breakpoint
CREATE TABLE `sectors` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `size_bands` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`min_employees` integer NOT NULL,
	`max_employees` integer,
	CONSTRAINT "size_bands_range" CHECK("size_bands"."min_employees" >= 0 AND ("size_bands"."max_employees" IS NULL OR "size_bands"."max_employees" >= "size_bands"."min_employees"))
);
--> statement-breakpoint
CREATE TABLE `slug_redirects` (
	`old_slug` text PRIMARY KEY NOT NULL,
	`employer_id` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action
);
