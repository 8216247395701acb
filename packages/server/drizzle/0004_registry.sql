CREATE TABLE "cluster_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cluster_code" text NOT NULL,
	"changed_on" date NOT NULL,
	"field" text NOT NULL,
	"from_value" text,
	"to_value" text,
	"document_number" text,
	"recorded_at" timestamp (3) with time zone NOT NULL,
	"recorded_by" text
);
--> statement-breakpoint
CREATE TABLE "cluster_memberships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"credit_code" text NOT NULL,
	"cluster_code" text NOT NULL,
	"role" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"deleted_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "clusters" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"lead_industry" text NOT NULL,
	"tier" text NOT NULL,
	"cultivation_target" text NOT NULL,
	"status" text NOT NULL,
	"city_codes" text[] NOT NULL,
	"lead_city_code" text NOT NULL,
	"promoting_organisation_code" text,
	"chain_master_credit_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"deleted_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "designations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"credit_code" text NOT NULL,
	"type" text NOT NULL,
	"level" text NOT NULL,
	"granted_on" date NOT NULL,
	"expires_on" date,
	"document_number" text NOT NULL,
	"granting_department_code" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"deleted_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "enterprises" (
	"credit_code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"city_code" text NOT NULL,
	"county_code" text,
	"industry_division" text NOT NULL,
	"is_above_scale" boolean NOT NULL,
	"is_key_enterprise" boolean DEFAULT false NOT NULL,
	"has_5g" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"deleted_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "cluster_history" ADD CONSTRAINT "cluster_history_cluster_code_clusters_code_fk" FOREIGN KEY ("cluster_code") REFERENCES "public"."clusters"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cluster_memberships" ADD CONSTRAINT "cluster_memberships_credit_code_enterprises_credit_code_fk" FOREIGN KEY ("credit_code") REFERENCES "public"."enterprises"("credit_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cluster_memberships" ADD CONSTRAINT "cluster_memberships_cluster_code_clusters_code_fk" FOREIGN KEY ("cluster_code") REFERENCES "public"."clusters"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_lead_city_code_regions_code_fk" FOREIGN KEY ("lead_city_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_promoting_organisation_code_organisations_code_fk" FOREIGN KEY ("promoting_organisation_code") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "designations" ADD CONSTRAINT "designations_credit_code_enterprises_credit_code_fk" FOREIGN KEY ("credit_code") REFERENCES "public"."enterprises"("credit_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "designations" ADD CONSTRAINT "designations_granting_department_code_organisations_code_fk" FOREIGN KEY ("granting_department_code") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprises" ADD CONSTRAINT "enterprises_city_code_regions_code_fk" FOREIGN KEY ("city_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cluster_history_cluster_idx" ON "cluster_history" USING btree ("cluster_code","changed_on");--> statement-breakpoint
CREATE INDEX "cluster_memberships_cluster_idx" ON "cluster_memberships" USING btree ("cluster_code","credit_code");--> statement-breakpoint
CREATE INDEX "cluster_memberships_enterprise_idx" ON "cluster_memberships" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "clusters_city_codes_idx" ON "clusters" USING gin ("city_codes");--> statement-breakpoint
CREATE INDEX "clusters_tier_idx" ON "clusters" USING btree ("tier","status");--> statement-breakpoint
CREATE INDEX "clusters_promoting_org_idx" ON "clusters" USING btree ("promoting_organisation_code");--> statement-breakpoint
CREATE UNIQUE INDEX "designations_natural_key" ON "designations" USING btree ("credit_code","type","level","granted_on") WHERE "designations"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "designations_type_idx" ON "designations" USING btree ("type","granted_on");--> statement-breakpoint
CREATE INDEX "designations_enterprise_idx" ON "designations" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "enterprises_city_idx" ON "enterprises" USING btree ("city_code","credit_code");--> statement-breakpoint
CREATE INDEX "enterprises_division_idx" ON "enterprises" USING btree ("industry_division");