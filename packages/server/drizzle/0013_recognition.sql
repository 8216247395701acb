CREATE TABLE "action_plan_milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"title" text NOT NULL,
	"due_on" date NOT NULL,
	"status" text NOT NULL,
	"progress_note" text,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "action_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cluster_code" text NOT NULL,
	"start_year" integer NOT NULL,
	"end_year" integer NOT NULL,
	"title" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"created_by" text
);
--> statement-breakpoint
CREATE TABLE "experts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"user_id" uuid,
	"fields" text[] NOT NULL,
	"city_code" text NOT NULL,
	"employer_name" text,
	"employer_credit_code" text,
	"conflict_cluster_codes" text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fund_allocations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"recipient_kind" text NOT NULL,
	"cluster_code" text,
	"organisation_code" text,
	"project_name" text,
	"amount" numeric(14, 2) NOT NULL,
	"purpose" text,
	"document_number" text,
	"round_id" uuid,
	"created_at" timestamp (3) with time zone NOT NULL,
	"created_by" text
);
--> statement-breakpoint
CREATE TABLE "holiday_calendar" (
	"date" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"source" text,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "recognition_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"cluster_code" text NOT NULL,
	"figures" jsonb NOT NULL,
	"attachment_ids" uuid[] NOT NULL,
	"statement" text,
	"status" text NOT NULL,
	"eligibility" jsonb,
	"submitted_at" timestamp (3) with time zone NOT NULL,
	"submitted_by" text,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recognition_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"panel_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"stage_code" text NOT NULL,
	"expert_id" uuid NOT NULL,
	"application_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recognition_objections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"application_id" uuid,
	"objector" text NOT NULL,
	"content" text NOT NULL,
	"received_on" date NOT NULL,
	"outcome" text,
	"answer" text,
	"answered_at" timestamp (3) with time zone,
	"answered_by" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"created_by" text
);
--> statement-breakpoint
CREATE TABLE "recognition_panels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"stage_code" text NOT NULL,
	"seed" integer NOT NULL,
	"size" integer NOT NULL,
	"member_ids" uuid[] NOT NULL,
	"recusals" jsonb NOT NULL,
	"drawn_at" timestamp (3) with time zone NOT NULL,
	"drawn_by" text
);
--> statement-breakpoint
CREATE TABLE "recognition_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"name" text NOT NULL,
	"target_tier" text NOT NULL,
	"quota" integer NOT NULL,
	"stages" jsonb NOT NULL,
	"eligibility_rules" jsonb NOT NULL,
	"aspects" jsonb NOT NULL,
	"framework_version" text NOT NULL,
	"evaluation_run_id" uuid,
	"quantitative_weight" double precision NOT NULL,
	"application_deadline" date NOT NULL,
	"status" text NOT NULL,
	"ranking_json" text,
	"ranking_hash" text,
	"ranked_at" timestamp (3) with time zone,
	"decided_at" timestamp (3) with time zone,
	"decided_by" text,
	"decision_note" text,
	"notice_start" date,
	"notice_working_days" integer,
	"notice_end" date,
	"document_number" text,
	"recognised_on" date,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"created_by" text,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recognition_scores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assignment_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"expert_id" uuid NOT NULL,
	"stage_code" text NOT NULL,
	"aspect_scores" jsonb NOT NULL,
	"total" double precision NOT NULL,
	"comment" text,
	"supersedes_id" uuid,
	"superseded_at" timestamp (3) with time zone,
	"correction_reason" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"created_by" text
);
--> statement-breakpoint
CREATE TABLE "upgrade_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cluster_code" text NOT NULL,
	"from_tier" text NOT NULL,
	"to_tier" text NOT NULL,
	"year" integer NOT NULL,
	"statement" text,
	"status" text NOT NULL,
	"decision_note" text,
	"document_number" text,
	"submitted_at" timestamp (3) with time zone NOT NULL,
	"submitted_by" text,
	"decided_at" timestamp (3) with time zone,
	"decided_by" text
);
--> statement-breakpoint
ALTER TABLE "action_plan_milestones" ADD CONSTRAINT "action_plan_milestones_plan_id_action_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."action_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plans" ADD CONSTRAINT "action_plans_cluster_code_clusters_code_fk" FOREIGN KEY ("cluster_code") REFERENCES "public"."clusters"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experts" ADD CONSTRAINT "experts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_allocations" ADD CONSTRAINT "fund_allocations_cluster_code_clusters_code_fk" FOREIGN KEY ("cluster_code") REFERENCES "public"."clusters"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_allocations" ADD CONSTRAINT "fund_allocations_organisation_code_organisations_code_fk" FOREIGN KEY ("organisation_code") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_allocations" ADD CONSTRAINT "fund_allocations_round_id_recognition_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."recognition_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recognition_applications" ADD CONSTRAINT "recognition_applications_round_id_recognition_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."recognition_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recognition_applications" ADD CONSTRAINT "recognition_applications_cluster_code_clusters_code_fk" FOREIGN KEY ("cluster_code") REFERENCES "public"."clusters"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recognition_assignments" ADD CONSTRAINT "recognition_assignments_panel_id_recognition_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."recognition_panels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recognition_assignments" ADD CONSTRAINT "recognition_assignments_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."experts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recognition_assignments" ADD CONSTRAINT "recognition_assignments_application_id_recognition_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."recognition_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recognition_objections" ADD CONSTRAINT "recognition_objections_round_id_recognition_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."recognition_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recognition_objections" ADD CONSTRAINT "recognition_objections_application_id_recognition_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."recognition_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recognition_panels" ADD CONSTRAINT "recognition_panels_round_id_recognition_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."recognition_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recognition_scores" ADD CONSTRAINT "recognition_scores_assignment_id_recognition_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."recognition_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upgrade_applications" ADD CONSTRAINT "upgrade_applications_cluster_code_clusters_code_fk" FOREIGN KEY ("cluster_code") REFERENCES "public"."clusters"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "action_plans_cluster_start_uq" ON "action_plans" USING btree ("cluster_code","start_year");--> statement-breakpoint
CREATE UNIQUE INDEX "experts_user_uq" ON "experts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "fund_allocations_year_idx" ON "fund_allocations" USING btree ("year");--> statement-breakpoint
CREATE UNIQUE INDEX "recognition_applications_round_cluster_uq" ON "recognition_applications" USING btree ("round_id","cluster_code");--> statement-breakpoint
CREATE UNIQUE INDEX "recognition_assignments_uq" ON "recognition_assignments" USING btree ("stage_code","expert_id","application_id");--> statement-breakpoint
CREATE INDEX "recognition_assignments_expert_idx" ON "recognition_assignments" USING btree ("expert_id","round_id");--> statement-breakpoint
CREATE INDEX "recognition_objections_round_idx" ON "recognition_objections" USING btree ("round_id");--> statement-breakpoint
CREATE UNIQUE INDEX "recognition_panels_round_stage_uq" ON "recognition_panels" USING btree ("round_id","stage_code");--> statement-breakpoint
CREATE INDEX "recognition_scores_round_idx" ON "recognition_scores" USING btree ("round_id","application_id");