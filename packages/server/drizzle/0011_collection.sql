CREATE TABLE "collection_data_sets" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"subject_type" text NOT NULL,
	"metrics" text[] NOT NULL,
	"period_kind" text NOT NULL,
	"allow_future" boolean DEFAULT false NOT NULL,
	"city_review" boolean DEFAULT false NOT NULL,
	"rules" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "collection_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"submission_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"reason" text,
	"actor_id" text,
	"actor_name" text,
	"at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "collection_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"data_set_code" text NOT NULL,
	"period" text NOT NULL,
	"deadline" timestamp (3) with time zone NOT NULL,
	"opened_at" timestamp (3) with time zone NOT NULL,
	"opened_by" text
);
--> statement-breakpoint
CREATE TABLE "collection_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"period_id" uuid NOT NULL,
	"assignee_code" text NOT NULL,
	"assignee_kind" text NOT NULL,
	"state" text NOT NULL,
	"first_submitted_at" timestamp (3) with time zone,
	"submitted_at" timestamp (3) with time zone,
	"city_reviewed_at" timestamp (3) with time zone,
	"accepted_at" timestamp (3) with time zone,
	"last_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "collection_values" (
	"submission_id" uuid NOT NULL,
	"subject_code" text NOT NULL,
	"metric_code" text NOT NULL,
	"value" double precision,
	"comment" text,
	"accepted_value" double precision,
	"was_accepted" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"updated_by" text,
	CONSTRAINT "collection_values_submission_id_subject_code_metric_code_pk" PRIMARY KEY("submission_id","subject_code","metric_code")
);
--> statement-breakpoint
CREATE TABLE "observation_locks" (
	"subject_type" text NOT NULL,
	"subject_code" text NOT NULL,
	"metric_code" text NOT NULL,
	"period" text NOT NULL,
	"submission_id" uuid NOT NULL,
	"locked_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "observation_locks_subject_type_subject_code_metric_code_period_pk" PRIMARY KEY("subject_type","subject_code","metric_code","period")
);
--> statement-breakpoint
ALTER TABLE "collection_events" ADD CONSTRAINT "collection_events_submission_id_collection_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."collection_submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_periods" ADD CONSTRAINT "collection_periods_data_set_code_collection_data_sets_code_fk" FOREIGN KEY ("data_set_code") REFERENCES "public"."collection_data_sets"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_submissions" ADD CONSTRAINT "collection_submissions_period_id_collection_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."collection_periods"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_submissions" ADD CONSTRAINT "collection_submissions_assignee_code_organisations_code_fk" FOREIGN KEY ("assignee_code") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_values" ADD CONSTRAINT "collection_values_submission_id_collection_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."collection_submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observation_locks" ADD CONSTRAINT "observation_locks_submission_id_collection_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."collection_submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "collection_events_submission_idx" ON "collection_events" USING btree ("submission_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "collection_periods_data_set_period" ON "collection_periods" USING btree ("data_set_code","period");--> statement-breakpoint
CREATE INDEX "collection_periods_period_idx" ON "collection_periods" USING btree ("period");--> statement-breakpoint
CREATE UNIQUE INDEX "collection_submissions_period_assignee" ON "collection_submissions" USING btree ("period_id","assignee_code");--> statement-breakpoint
CREATE INDEX "collection_submissions_assignee_idx" ON "collection_submissions" USING btree ("assignee_code");--> statement-breakpoint
CREATE INDEX "observation_locks_submission_idx" ON "observation_locks" USING btree ("submission_id");