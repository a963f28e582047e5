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
ALTER TABLE "field_provenance" ADD CONSTRAINT "field_provenance_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "property_parcels" ADD CONSTRAINT "property_parcels_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "property_signals" ADD CONSTRAINT "property_signals_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "field_provenance_team_idx" ON "field_provenance" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "property_parcels_team_idx" ON "property_parcels" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "property_signals_property_idx" ON "property_signals" USING btree ("property_id","type","observed_at");--> statement-breakpoint
CREATE INDEX "audit_log_team_idx" ON "audit_log" USING btree ("team_id","id");--> statement-breakpoint
CREATE INDEX "audit_log_resource_idx" ON "audit_log" USING btree ("team_id","resource_id");--> statement-breakpoint
CREATE INDEX "reconciliation_runs_team_idx" ON "reconciliation_runs" USING btree ("team_id","started_at");