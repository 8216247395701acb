CREATE TABLE "policy_tasks" (
	"set_code" text NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"area" text NOT NULL,
	"title" text NOT NULL,
	"units" text[] NOT NULL,
	"department_codes" text[] NOT NULL,
	"recurring" text,
	"mechanisms" text[] DEFAULT '{}'::text[] NOT NULL,
	"sort_order" integer NOT NULL,
	CONSTRAINT "policy_tasks_set_code_code_pk" PRIMARY KEY("set_code","code")
);
--> statement-breakpoint
CREATE TABLE "target_definitions" (
	"set_code" text NOT NULL,
	"set_version" integer NOT NULL,
	"code" text NOT NULL,
	"sort_order" integer NOT NULL,
	"definition" jsonb NOT NULL,
	CONSTRAINT "target_definitions_set_code_set_version_code_pk" PRIMARY KEY("set_code","set_version","code")
);
--> statement-breakpoint
CREATE TABLE "target_reported_values" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"set_code" text NOT NULL,
	"target_code" text NOT NULL,
	"period" text NOT NULL,
	"value_date" date NOT NULL,
	"value" double precision NOT NULL,
	"note" text,
	"attachment_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"department_code" text NOT NULL,
	"reported_by" text,
	"reported_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "target_sets" (
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"document_number" text NOT NULL,
	"document_title" text NOT NULL,
	"issued_on" date NOT NULL,
	"thresholds" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "target_sets_code_version_pk" PRIMARY KEY("code","version")
);
--> statement-breakpoint
CREATE TABLE "task_duties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"set_code" text NOT NULL,
	"task_code" text NOT NULL,
	"department_code" text NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"title" text NOT NULL,
	"due_on" date NOT NULL,
	"completed_on" date,
	"note" text,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"set_code" text NOT NULL,
	"task_code" text NOT NULL,
	"department_code" text NOT NULL,
	"period" text NOT NULL,
	"text" text NOT NULL,
	"figures" jsonb NOT NULL,
	"attachment_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"status" text NOT NULL,
	"return_reason" text,
	"submitted_at" timestamp (3) with time zone NOT NULL,
	"submitted_by" text,
	"reviewed_at" timestamp (3) with time zone,
	"reviewed_by" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "target_reported_values" ADD CONSTRAINT "target_reported_values_department_code_organisations_code_fk" FOREIGN KEY ("department_code") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_duties" ADD CONSTRAINT "task_duties_department_code_organisations_code_fk" FOREIGN KEY ("department_code") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reports" ADD CONSTRAINT "task_reports_department_code_organisations_code_fk" FOREIGN KEY ("department_code") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "policy_tasks_departments_idx" ON "policy_tasks" USING gin ("department_codes");--> statement-breakpoint
CREATE UNIQUE INDEX "target_reported_values_key" ON "target_reported_values" USING btree ("set_code","target_code","value_date");--> statement-breakpoint
CREATE UNIQUE INDEX "task_duties_key" ON "task_duties" USING btree ("set_code","task_code","department_code","kind","period");--> statement-breakpoint
CREATE INDEX "task_duties_department_idx" ON "task_duties" USING btree ("department_code","due_on");--> statement-breakpoint
CREATE UNIQUE INDEX "task_reports_key" ON "task_reports" USING btree ("set_code","task_code","department_code","period");--> statement-breakpoint
CREATE INDEX "task_reports_status_idx" ON "task_reports" USING btree ("status");