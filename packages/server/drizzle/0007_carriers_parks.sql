CREATE TABLE "innovation_carriers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"level" text NOT NULL,
	"host_credit_code" text NOT NULL,
	"host_name" text NOT NULL,
	"city_code" text NOT NULL,
	"cluster_code" text,
	"recognised_on" date,
	"document_number" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"deleted_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "parks" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"city_code" text NOT NULL,
	"county_code" text,
	"level" text NOT NULL,
	"eco_industrial_status" text NOT NULL,
	"five_g_coverage" text NOT NULL,
	"cluster_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"deleted_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "innovation_carriers" ADD CONSTRAINT "innovation_carriers_city_code_regions_code_fk" FOREIGN KEY ("city_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "innovation_carriers" ADD CONSTRAINT "innovation_carriers_cluster_code_clusters_code_fk" FOREIGN KEY ("cluster_code") REFERENCES "public"."clusters"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parks" ADD CONSTRAINT "parks_city_code_regions_code_fk" FOREIGN KEY ("city_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "innovation_carriers_natural_key" ON "innovation_carriers" USING btree ("name","host_credit_code") WHERE "innovation_carriers"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "innovation_carriers_city_idx" ON "innovation_carriers" USING btree ("city_code");--> statement-breakpoint
CREATE INDEX "innovation_carriers_cluster_idx" ON "innovation_carriers" USING btree ("cluster_code");--> statement-breakpoint
CREATE INDEX "innovation_carriers_type_idx" ON "innovation_carriers" USING btree ("type","level");--> statement-breakpoint
CREATE INDEX "parks_city_idx" ON "parks" USING btree ("city_code");--> statement-breakpoint
CREATE INDEX "parks_cluster_codes_idx" ON "parks" USING gin ("cluster_codes");