CREATE TABLE `corrections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject` text NOT NULL,
	`subject_id` integer NOT NULL,
	`kind` text NOT NULL,
	`why` text NOT NULL,
	`contributor_id` integer NOT NULL,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`contributor_id`) REFERENCES `contributors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "corrections_subject" CHECK(subject IN ('event', 'rate')),
	CONSTRAINT "corrections_kind" CHECK(kind IN ('corrected', 'retracted')),
	CONSTRAINT "corrections_why" CHECK(length(trim("corrections"."why")) > 0)
);
--> statement-breakpoint
CREATE INDEX `corrections_subject_idx` ON `corrections` (`subject`,`subject_id`);--> statement-breakpoint
CREATE TABLE `employer_services` (
	`employer_id` integer NOT NULL,
	`service_code` text NOT NULL,
	PRIMARY KEY(`employer_id`, `service_code`),
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_code`) REFERENCES `services`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `employer_services_service_idx` ON `employer_services` (`service_code`);--> statement-breakpoint
CREATE TABLE `services` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_commitment_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`employer_id` integer NOT NULL,
	`event` text NOT NULL,
	`scheme` text DEFAULT 'living_wage' NOT NULL,
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
	`retracted_at` text,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `contributors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "events_event" CHECK(event IN ('pledged', 'accredited', 'rate_implemented', 'lapsed', 'revoked', 'withdrawn', 'reinstated', 'verified')),
	CONSTRAINT "events_scheme" CHECK(scheme IN ('living_wage', 'living_hours', 'living_pension', 'service_provider')),
	CONSTRAINT "events_rate_area" CHECK(rate_area IN ('london', 'uk')),
	CONSTRAINT "events_effective_on" CHECK(effective_on IS date(effective_on) AND length(effective_on) = 10),
	CONSTRAINT "events_rate" CHECK(("__new_commitment_events"."event" = 'rate_implemented') = ("__new_commitment_events"."rate_pence" IS NOT NULL) AND ("__new_commitment_events"."rate_pence" IS NULL OR "__new_commitment_events"."rate_pence" > 0)),
	CONSTRAINT "events_workers" CHECK(("__new_commitment_events"."workers_covered" IS NULL OR "__new_commitment_events"."workers_covered" >= 0) AND ("__new_commitment_events"."workers_uplifted" IS NULL OR "__new_commitment_events"."workers_uplifted" >= 0)),
	CONSTRAINT "events_source_url" CHECK((source_url LIKE 'http://_%' OR source_url LIKE 'https://_%')),
	CONSTRAINT "events_reason" CHECK("__new_commitment_events"."event" NOT IN ('lapsed', 'revoked', 'withdrawn') OR length(trim(coalesce("__new_commitment_events"."reason", ''))) > 0)
);
--> statement-breakpoint
INSERT INTO `__new_commitment_events`("id", "employer_id", "event", "effective_on", "rate_area", "rate_pence", "workers_covered", "workers_uplifted", "source_url", "note", "reason", "recorded_by", "recorded_at") SELECT "id", "employer_id", "event", "effective_on", "rate_area", "rate_pence", "workers_covered", "workers_uplifted", "source_url", "note", "reason", "recorded_by", "recorded_at" FROM `commitment_events`;--> statement-breakpoint
DROP TABLE `commitment_events`;--> statement-breakpoint
ALTER TABLE `__new_commitment_events` RENAME TO `commitment_events`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `events_employer_date_idx` ON `commitment_events` (`employer_id`,`effective_on`,`id`);--> statement-breakpoint
CREATE INDEX `events_date_idx` ON `commitment_events` (`effective_on`);--> statement-breakpoint
CREATE INDEX `events_status_idx` ON `commitment_events` (`employer_id`,`scheme`,`effective_on`,`id`,`event`,`rate_area`,`retracted_at`) WHERE event NOT IN ('rate_implemented', 'verified') AND retracted_at IS NULL;--> statement-breakpoint
CREATE INDEX `events_workers_idx` ON `commitment_events` (`employer_id`,`effective_on`,`id`,`workers_covered`,`workers_uplifted`,`retracted_at`) WHERE (workers_covered IS NOT NULL OR workers_uplifted IS NOT NULL) AND retracted_at IS NULL;--> statement-breakpoint
DROP INDEX `rates_area_announced`;--> statement-breakpoint
ALTER TABLE `living_wage_rates` ADD `retracted_at` text;--> statement-breakpoint
CREATE UNIQUE INDEX `rates_area_announced` ON `living_wage_rates` (`rate_area`,`announced_on`) WHERE retracted_at IS NULL;