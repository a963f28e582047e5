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
ALTER TABLE "compliance_cadence_rule_properties" ADD CONSTRAINT "compliance_cadence_rule_properties_rule_id_compliance_cadence_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."compliance_cadence_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_cadence_rule_properties" ADD CONSTRAINT "compliance_cadence_rule_properties_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_cadence_rules" ADD CONSTRAINT "compliance_cadence_rules_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_consent_records" ADD CONSTRAINT "compliance_consent_records_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_consent_records" ADD CONSTRAINT "compliance_consent_records_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_dnc_numbers" ADD CONSTRAINT "compliance_dnc_numbers_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_opt_outs" ADD CONSTRAINT "compliance_opt_outs_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "send_decisions" ADD CONSTRAINT "send_decisions_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
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