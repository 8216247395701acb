CREATE TABLE "cluster_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cluster_code" text NOT NULL,
	"recognised_on" date,
	"due_on" date,
	"framework_version" text NOT NULL,
	"period" text NOT NULL,
	"score" double precision,
	"review_line" double precision NOT NULL,
	"below_review_line" boolean NOT NULL,
	"score_json" text NOT NULL,
	"outcome" text NOT NULL,
	"opinion" text NOT NULL,
	"decided_on" date NOT NULL,
	"document_number" text,
	"rectify_deadline" date,
	"follow_up_on" date,
	"follow_up_outcome" text,
	"follow_up_score" double precision,
	"follow_up_note" text,
	"follow_up_document_number" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_frameworks" (
	"version" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"description" text NOT NULL,
	"spec_json" text NOT NULL,
	"spec_hash" text NOT NULL,
	"review_line" double precision NOT NULL,
	"reference_period" text NOT NULL,
	"illustrative" boolean NOT NULL,
	"locked_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone NOT NULL,
	"created_by" text
);
--> statement-breakpoint
CREATE TABLE "evaluation_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"framework_version" text NOT NULL,
	"period" text NOT NULL,
	"requested_clusters" text[],
	"seed" integer NOT NULL,
	"uncertainty_runs" integer NOT NULL,
	"status" text NOT NULL,
	"job_id" uuid,
	"spec_hash" text NOT NULL,
	"snapshot_json" text,
	"snapshot_hash" text,
	"results_json" text,
	"results_hash" text,
	"error" jsonb,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_by" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"computed_at" timestamp (3) with time zone,
	"published_at" timestamp (3) with time zone,
	"published_by" text
);
--> statement-breakpoint
ALTER TABLE "cluster_reviews" ADD CONSTRAINT "cluster_reviews_cluster_code_clusters_code_fk" FOREIGN KEY ("cluster_code") REFERENCES "public"."clusters"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cluster_reviews" ADD CONSTRAINT "cluster_reviews_framework_version_evaluation_frameworks_version_fk" FOREIGN KEY ("framework_version") REFERENCES "public"."evaluation_frameworks"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_runs" ADD CONSTRAINT "evaluation_runs_framework_version_evaluation_frameworks_version_fk" FOREIGN KEY ("framework_version") REFERENCES "public"."evaluation_frameworks"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cluster_reviews_cluster_idx" ON "cluster_reviews" USING btree ("cluster_code","decided_on");--> statement-breakpoint
CREATE INDEX "evaluation_runs_period_idx" ON "evaluation_runs" USING btree ("framework_version","period");--> statement-breakpoint
CREATE INDEX "evaluation_runs_status_idx" ON "evaluation_runs" USING btree ("status","period");