CREATE TABLE "metric_definitions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"unit" text NOT NULL,
	"period_kinds" text[] NOT NULL,
	"subject_types" text[] NOT NULL,
	"derivation" jsonb,
	"publisher" text,
	"description" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "observations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_type" text NOT NULL,
	"subject_code" text NOT NULL,
	"metric_code" text NOT NULL,
	"period" text NOT NULL,
	"period_kind" text NOT NULL,
	"period_end" date NOT NULL,
	"value" double precision NOT NULL,
	"source" text NOT NULL,
	"status" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_metric_code_metric_definitions_code_fk" FOREIGN KEY ("metric_code") REFERENCES "public"."metric_definitions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "observations_natural_key" ON "observations" USING btree ("subject_type","subject_code","metric_code","period");--> statement-breakpoint
CREATE INDEX "observations_metric_period_idx" ON "observations" USING btree ("metric_code","period","subject_type");--> statement-breakpoint
CREATE INDEX "observations_metric_end_idx" ON "observations" USING btree ("metric_code","period_end");