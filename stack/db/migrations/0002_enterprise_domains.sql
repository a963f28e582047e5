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
CREATE TABLE "next_best_actions" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"property_id" text NOT NULL,
	"rule_id" text NOT NULL,
	"subject_id" text DEFAULT '' NOT NULL,
	"title" text NOT NULL,
	"explanation" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"completed_by" text,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "smart_lists" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"name" text NOT NULL,
	"filters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"title" text NOT NULL,
	"notes" text,
	"status" text DEFAULT 'open' NOT NULL,
	"assignee_id" text,
	"due_at" timestamp with time zone,
	"lead_id" text,
	"property_id" text,
	"deal_id" text,
	"source" text DEFAULT 'manual' NOT NULL,
	"communication_id" text,
	"created_by" text,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workflow_settings" (
	"team_id" text PRIMARY KEY NOT NULL,
	"auto_assign_on_reply" boolean DEFAULT false NOT NULL,
	"strategy" text DEFAULT 'round_robin' NOT NULL,
	"last_assignee_id" text,
	"updated_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_pipeline_settings" (
	"team_id" text PRIMARY KEY NOT NULL,
	"stages" jsonb NOT NULL,
	"preset" text,
	"updated_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compliance_cadence_rule_properties" (
	"team_id" text NOT NULL,
	"rule_id" text NOT NULL,
	"property_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL,
	CONSTRAINT "compliance_cadence_rule_properties_rule_id_property_id_pk" PRIMARY KEY("rule_id","property_id")
);
--> statement-breakpoint
CREATE TABLE "compliance_cadence_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"name" text NOT NULL,
	"channel" text NOT NULL,
	"max_messages" integer,
	"window_days" integer,
	"quiet_start_hour" integer,
	"quiet_end_hour" integer,
	"enabled" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compliance_consent_records" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"lead_id" text,
	"address" text,
	"consent_type" text NOT NULL,
	"granted" boolean NOT NULL,
	"source" text NOT NULL,
	"note" text,
	"recorded_by" text,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compliance_dnc_numbers" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"phone" text NOT NULL,
	"reason" text,
	"source" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compliance_opt_outs" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"reason" text,
	"source" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "send_decisions" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"actor_id" text,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"lead_id" text,
	"property_id" text,
	"purpose" text NOT NULL,
	"allowed" boolean NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"context" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"dry_run" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
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
ALTER TABLE "next_best_actions" ADD CONSTRAINT "next_best_actions_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "next_best_actions" ADD CONSTRAINT "next_best_actions_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "smart_lists" ADD CONSTRAINT "smart_lists_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_deal_id_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."deals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_settings" ADD CONSTRAINT "workflow_settings_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_pipeline_settings" ADD CONSTRAINT "team_pipeline_settings_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_cadence_rule_properties" ADD CONSTRAINT "compliance_cadence_rule_properties_rule_id_compliance_cadence_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."compliance_cadence_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_cadence_rule_properties" ADD CONSTRAINT "compliance_cadence_rule_properties_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_cadence_rules" ADD CONSTRAINT "compliance_cadence_rules_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_consent_records" ADD CONSTRAINT "compliance_consent_records_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_consent_records" ADD CONSTRAINT "compliance_consent_records_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_dnc_numbers" ADD CONSTRAINT "compliance_dnc_numbers_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_opt_outs" ADD CONSTRAINT "compliance_opt_outs_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "send_decisions" ADD CONSTRAINT "send_decisions_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
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
CREATE INDEX "reconciliation_runs_team_idx" ON "reconciliation_runs" USING btree ("team_id","started_at");--> statement-breakpoint
CREATE INDEX "next_best_actions_team_created_idx" ON "next_best_actions" USING btree ("team_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "next_best_actions_open_idx" ON "next_best_actions" USING btree ("team_id","property_id","rule_id","subject_id") WHERE "next_best_actions"."status" = 'open';--> statement-breakpoint
CREATE INDEX "smart_lists_team_created_idx" ON "smart_lists" USING btree ("team_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tasks_team_created_idx" ON "tasks" USING btree ("team_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tasks_team_assignee_idx" ON "tasks" USING btree ("team_id","assignee_id","status");--> statement-breakpoint
CREATE INDEX "compliance_cadence_property_idx" ON "compliance_cadence_rule_properties" USING btree ("team_id","property_id");--> statement-breakpoint
CREATE UNIQUE INDEX "compliance_cadence_team_name_idx" ON "compliance_cadence_rules" USING btree ("team_id","name");--> statement-breakpoint
CREATE INDEX "compliance_cadence_team_created_idx" ON "compliance_cadence_rules" USING btree ("team_id","created_at","id");--> statement-breakpoint
CREATE INDEX "compliance_consent_team_created_idx" ON "compliance_consent_records" USING btree ("team_id","created_at","id");--> statement-breakpoint
CREATE INDEX "compliance_consent_lead_idx" ON "compliance_consent_records" USING btree ("team_id","lead_id","consent_type");--> statement-breakpoint
CREATE INDEX "compliance_consent_address_idx" ON "compliance_consent_records" USING btree ("team_id","address","consent_type");--> statement-breakpoint
CREATE UNIQUE INDEX "compliance_dnc_team_phone_idx" ON "compliance_dnc_numbers" USING btree ("team_id","phone");--> statement-breakpoint
CREATE INDEX "compliance_dnc_team_created_idx" ON "compliance_dnc_numbers" USING btree ("team_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "compliance_opt_outs_team_value_idx" ON "compliance_opt_outs" USING btree ("team_id","kind","value");--> statement-breakpoint
CREATE INDEX "compliance_opt_outs_team_created_idx" ON "compliance_opt_outs" USING btree ("team_id","created_at","id");--> statement-breakpoint
CREATE INDEX "send_decisions_team_created_idx" ON "send_decisions" USING btree ("team_id","created_at","id");--> statement-breakpoint
CREATE INDEX "send_decisions_recipient_idx" ON "send_decisions" USING btree ("team_id","recipient","channel","created_at");