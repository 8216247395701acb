CREATE TABLE "economic_circle_cities" (
	"circle_code" text NOT NULL,
	"city_code" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "economic_circles" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"short_name" text,
	"level" text NOT NULL,
	"parent_code" text,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "economic_circle_cities" ADD CONSTRAINT "economic_circle_cities_circle_code_economic_circles_code_fk" FOREIGN KEY ("circle_code") REFERENCES "public"."economic_circles"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "economic_circle_cities" ADD CONSTRAINT "economic_circle_cities_city_code_regions_code_fk" FOREIGN KEY ("city_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;