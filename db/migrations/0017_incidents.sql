CREATE TYPE "public"."alert_reply_result" AS ENUM('no_issue', 'fixed', 'fixing');--> statement-breakpoint
CREATE TYPE "public"."alert_status" AS ENUM('issuing', 'distributing', 'open', 'closed', 'failed');--> statement-breakpoint
CREATE TYPE "public"."hop_kind" AS ENUM('received', 'reminded', 'acknowledged', 'forwarded', 'escalated', 'overdue');--> statement-breakpoint
CREATE TYPE "public"."incident_category" AS ENUM('data_leak', 'ransomware', 'malware', 'intrusion', 'service_outage', 'tampering', 'ddos', 'device_loss', 'other');--> statement-breakpoint
CREATE TYPE "public"."incident_level" AS ENUM('I', 'II', 'III', 'IV');--> statement-breakpoint
CREATE TYPE "public"."incident_status" AS ENUM('reported', 'handled', 'closed', 'failed');--> statement-breakpoint
CREATE TYPE "public"."report_stage" AS ENUM('initial', 'update', 'final');--> statement-breakpoint
CREATE TABLE "incident_alert_recipients" (
	"alert_id" text NOT NULL,
	"unit_id" integer NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text,
	"replied_at" timestamp with time zone,
	"reply_result" "alert_reply_result",
	"reply" jsonb,
	"reminded_at" timestamp with time zone,
	"overdue" boolean DEFAULT false NOT NULL,
	CONSTRAINT "incident_alert_recipients_alert_id_unit_id_pk" PRIMARY KEY("alert_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "incident_alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"issuing_unit_id" integer NOT NULL,
	"root_unit_id" integer,
	"title" text NOT NULL,
	"measures" jsonb NOT NULL,
	"status" "alert_status" DEFAULT 'issuing' NOT NULL,
	"document_id" uuid,
	"number" text,
	"reply_due_at" timestamp with time zone,
	"recipient_count" integer DEFAULT 0 NOT NULL,
	"issued_by_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_hops" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "incident_hops_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"incident_id" text NOT NULL,
	"report_seq" integer NOT NULL,
	"kind" "hop_kind" NOT NULL,
	"hop_key" text NOT NULL,
	"from_unit_id" integer,
	"to_unit_id" integer NOT NULL,
	"actor_user_id" integer,
	"actor_name" text,
	"comment" text,
	"task_id" uuid,
	"due_at" timestamp with time zone,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" text NOT NULL,
	"seq" integer NOT NULL,
	"stage" "report_stage" NOT NULL,
	"level" "incident_level" NOT NULL,
	"content" jsonb NOT NULL,
	"reported_by_user_id" integer,
	"reported_by_name" text NOT NULL,
	"reported_at" timestamp (3) with time zone NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" text PRIMARY KEY NOT NULL,
	"unit_id" integer NOT NULL,
	"supervising_unit_id" integer NOT NULL,
	"title" text NOT NULL,
	"level" "incident_level" NOT NULL,
	"category" "incident_category" NOT NULL,
	"critical_infrastructure" boolean NOT NULL,
	"personal_info_affected" integer DEFAULT 0 NOT NULL,
	"discovered_at" timestamp with time zone NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"report_due_at" timestamp with time zone NOT NULL,
	"late" boolean DEFAULT false NOT NULL,
	"delay_seconds" integer DEFAULT 0 NOT NULL,
	"recorded_by_supervisor" boolean DEFAULT false NOT NULL,
	"status" "incident_status" DEFAULT 'reported' NOT NULL,
	"handled_at" timestamp with time zone,
	"final_due_at" timestamp with time zone,
	"final_reported_at" timestamp with time zone,
	"report_count" integer DEFAULT 1 NOT NULL,
	"last_hash" text NOT NULL,
	"created_by_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incident_alert_recipients" ADD CONSTRAINT "incident_alert_recipients_alert_id_incident_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."incident_alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_alert_recipients" ADD CONSTRAINT "incident_alert_recipients_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_alerts" ADD CONSTRAINT "incident_alerts_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_alerts" ADD CONSTRAINT "incident_alerts_issuing_unit_id_units_id_fk" FOREIGN KEY ("issuing_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_alerts" ADD CONSTRAINT "incident_alerts_root_unit_id_units_id_fk" FOREIGN KEY ("root_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_alerts" ADD CONSTRAINT "incident_alerts_issued_by_user_id_users_id_fk" FOREIGN KEY ("issued_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_hops" ADD CONSTRAINT "incident_hops_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_hops" ADD CONSTRAINT "incident_hops_from_unit_id_units_id_fk" FOREIGN KEY ("from_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_hops" ADD CONSTRAINT "incident_hops_to_unit_id_units_id_fk" FOREIGN KEY ("to_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_hops" ADD CONSTRAINT "incident_hops_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_reports" ADD CONSTRAINT "incident_reports_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_reports" ADD CONSTRAINT "incident_reports_reported_by_user_id_users_id_fk" FOREIGN KEY ("reported_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_supervising_unit_id_units_id_fk" FOREIGN KEY ("supervising_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_alert_recipients_unit_idx" ON "incident_alert_recipients" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "incident_alerts_incident_idx" ON "incident_alerts" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "incident_alerts_issuer_idx" ON "incident_alerts" USING btree ("issuing_unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_hops_key" ON "incident_hops" USING btree ("incident_id","hop_key");--> statement-breakpoint
CREATE INDEX "incident_hops_to_idx" ON "incident_hops" USING btree ("to_unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_reports_seq_key" ON "incident_reports" USING btree ("incident_id","seq");--> statement-breakpoint
CREATE INDEX "incidents_unit_idx" ON "incidents" USING btree ("unit_id","discovered_at");--> statement-breakpoint
CREATE INDEX "incidents_supervising_idx" ON "incidents" USING btree ("supervising_unit_id");--> statement-breakpoint
CREATE INDEX "incidents_discovered_idx" ON "incidents" USING btree ("discovered_at");