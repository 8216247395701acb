CREATE TABLE "promoting_activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_code" text NOT NULL,
	"cluster_code" text,
	"held_on" date NOT NULL,
	"type" text NOT NULL,
	"title" text NOT NULL,
	"participant_count" integer DEFAULT 0 NOT NULL,
	"enterprise_credit_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"attachment_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"deleted_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "promoting_org_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_code" text NOT NULL,
	"kind" text NOT NULL,
	"enterprise_credit_code" text,
	"member_name" text,
	"member_credit_code" text,
	"role" text NOT NULL,
	"joined_on" date NOT NULL,
	"left_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"deleted_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "promoting_organisations" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"type" text NOT NULL,
	"credit_code" text NOT NULL,
	"city_code" text NOT NULL,
	"established_on" date,
	"contact_name" text,
	"contact_phone" text,
	"contact_email" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"deleted_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "promoting_activities" ADD CONSTRAINT "promoting_activities_organisation_code_promoting_organisations_code_fk" FOREIGN KEY ("organisation_code") REFERENCES "public"."promoting_organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promoting_activities" ADD CONSTRAINT "promoting_activities_cluster_code_clusters_code_fk" FOREIGN KEY ("cluster_code") REFERENCES "public"."clusters"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promoting_org_members" ADD CONSTRAINT "promoting_org_members_organisation_code_promoting_organisations_code_fk" FOREIGN KEY ("organisation_code") REFERENCES "public"."promoting_organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promoting_org_members" ADD CONSTRAINT "promoting_org_members_enterprise_credit_code_enterprises_credit_code_fk" FOREIGN KEY ("enterprise_credit_code") REFERENCES "public"."enterprises"("credit_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promoting_organisations" ADD CONSTRAINT "promoting_organisations_code_organisations_code_fk" FOREIGN KEY ("code") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promoting_organisations" ADD CONSTRAINT "promoting_organisations_city_code_regions_code_fk" FOREIGN KEY ("city_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "promoting_activities_org_idx" ON "promoting_activities" USING btree ("organisation_code","held_on");--> statement-breakpoint
CREATE INDEX "promoting_activities_cluster_idx" ON "promoting_activities" USING btree ("cluster_code","held_on");--> statement-breakpoint
CREATE INDEX "promoting_org_members_org_idx" ON "promoting_org_members" USING btree ("organisation_code");--> statement-breakpoint
CREATE INDEX "promoting_org_members_enterprise_idx" ON "promoting_org_members" USING btree ("enterprise_credit_code");--> statement-breakpoint
CREATE UNIQUE INDEX "promoting_organisations_credit_code" ON "promoting_organisations" USING btree ("credit_code") WHERE "promoting_organisations"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "promoting_organisations_city_idx" ON "promoting_organisations" USING btree ("city_code");