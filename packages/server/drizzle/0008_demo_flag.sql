CREATE TABLE "demo_state" (
	"id" integer PRIMARY KEY NOT NULL,
	"options" jsonb NOT NULL,
	"cursor" jsonb NOT NULL,
	"step" text NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "is_demo" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "is_demo" boolean DEFAULT false NOT NULL;