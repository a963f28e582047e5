CREATE TABLE "deal_room_artifacts" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"room_id" text NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deal_rooms" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"deal_id" text NOT NULL,
	"name" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "share_link_views" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"share_link_id" text NOT NULL,
	"visitor_hash" text NOT NULL,
	"referrer" text,
	"viewed_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "share_links" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"code" text NOT NULL,
	"resource_type" text NOT NULL,
	"resource_id" text NOT NULL,
	"fields" jsonb NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deal_scenarios" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"deal_id" text NOT NULL,
	"name" text NOT NULL,
	"inputs" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "investor_engagements" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"investor_id" text NOT NULL,
	"type" text NOT NULL,
	"property_id" text,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "investors" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"min_price" numeric(14, 2),
	"max_price" numeric(14, 2),
	"property_types" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"states" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"min_cap_rate" numeric(6, 2),
	"strategies" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"notes" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "field_provenance" (
	"team_id" text NOT NULL,
	"property_id" text NOT NULL,
	"field" text NOT NULL,
	"source" text NOT NULL,
	"dataset_version" text,
	"recorded_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL,
	CONSTRAINT "field_provenance_property_id_field_pk" PRIMARY KEY("property_id","field")
);
--> statement-breakpoint
CREATE TABLE "property_parcels" (
	"property_id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"dataset" text NOT NULL,
	"dataset_version" text NOT NULL,
	"parcel_id" text NOT NULL,
	"attributes" jsonb NOT NULL,
	"matched_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "property_signals" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"property_id" text NOT NULL,
	"type" text NOT NULL,
	"value" jsonb NOT NULL,
	"source" text NOT NULL,
	"observed_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"team_id" text NOT NULL,
	"actor_id" text NOT NULL,
	"method" text NOT NULL,
	"route" text NOT NULL,
	"resource_id" text,
	"status" integer NOT NULL,
	"request_id" text NOT NULL,
	"changed_fields" jsonb,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reconciliation_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"started_by" text NOT NULL,
	"status" text NOT NULL,
	"checks" jsonb NOT NULL,
	"findings" jsonb NOT NULL,
	"finding_count" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deal_room_artifacts" ADD CONSTRAINT "deal_room_artifacts_room_id_deal_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."deal_rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_rooms" ADD CONSTRAINT "deal_rooms_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_rooms" ADD CONSTRAINT "deal_rooms_deal_id_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."deals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_link_views" ADD CONSTRAINT "share_link_views_share_link_id_share_links_id_fk" FOREIGN KEY ("share_link_id") REFERENCES "public"."share_links"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_scenarios" ADD CONSTRAINT "deal_scenarios_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_scenarios" ADD CONSTRAINT "deal_scenarios_deal_id_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."deals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "investor_engagements" ADD CONSTRAINT "investor_engagements_investor_id_investors_id_fk" FOREIGN KEY ("investor_id") REFERENCES "public"."investors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "investor_engagements" ADD CONSTRAINT "investor_engagements_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "investors" ADD CONSTRAINT "investors_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_provenance" ADD CONSTRAINT "field_provenance_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "property_parcels" ADD CONSTRAINT "property_parcels_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "property_signals" ADD CONSTRAINT "property_signals_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deal_room_artifacts_room_idx" ON "deal_room_artifacts" USING btree ("team_id","room_id","created_at");--> statement-breakpoint
CREATE INDEX "deal_rooms_team_created_idx" ON "deal_rooms" USING btree ("team_id","created_at","id");--> statement-breakpoint
CREATE INDEX "share_link_views_link_idx" ON "share_link_views" USING btree ("share_link_id","viewed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "share_links_code_idx" ON "share_links" USING btree ("code");--> statement-breakpoint
CREATE INDEX "share_links_team_created_idx" ON "share_links" USING btree ("team_id","created_at","id");--> statement-breakpoint
CREATE INDEX "deal_scenarios_deal_idx" ON "deal_scenarios" USING btree ("team_id","deal_id","created_at");--> statement-breakpoint
CREATE INDEX "investor_engagements_investor_idx" ON "investor_engagements" USING btree ("team_id","investor_id","created_at");--> statement-breakpoint
CREATE INDEX "investors_team_created_idx" ON "investors" USING btree ("team_id","created_at","id");--> statement-breakpoint
CREATE INDEX "field_provenance_team_idx" ON "field_provenance" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "property_parcels_team_idx" ON "property_parcels" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "property_signals_property_idx" ON "property_signals" USING btree ("property_id","type","observed_at");--> statement-breakpoint
CREATE INDEX "audit_log_team_idx" ON "audit_log" USING btree ("team_id","id");--> statement-breakpoint
CREATE INDEX "audit_log_resource_idx" ON "audit_log" USING btree ("team_id","resource_id");--> statement-breakpoint
CREATE INDEX "reconciliation_runs_team_idx" ON "reconciliation_runs" USING btree ("team_id","started_at");