CREATE TYPE "public"."case_stage" AS ENUM('investigating', 'awaiting_statement', 'awaiting_decision', 'executing', 'closed', 'failed');--> statement-breakpoint
CREATE TABLE "accountability_case_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "accountability_case_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"event_key" text NOT NULL,
	"kind" text NOT NULL,
	"stage" "case_stage" NOT NULL,
	"summary" text NOT NULL,
	"actor_user_id" integer,
	"actor_name" text,
	"detail" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "accountability_cases_unit_idx";--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD COLUMN "supervising_unit_id" integer;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD COLUMN "stage" "case_stage" DEFAULT 'investigating' NOT NULL;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD COLUMN "workflow_id" text;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD COLUMN "facts" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD COLUMN "evidence_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD COLUMN "responsible_name" text;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD COLUMN "responsible_position" text;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD COLUMN "articles" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD COLUMN "severity" text;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD COLUMN "proposed_measure" text;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD COLUMN "proposal_reasons" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD COLUMN "statement_text" text;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD COLUMN "statement_outcome" text;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD COLUMN "statement_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD COLUMN "repeat_count" integer;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD COLUMN "decision" text;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD COLUMN "decision_reasons" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD COLUMN "decided_by_user_id" integer;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD COLUMN "document_id" uuid;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD COLUMN "document_number" text;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD COLUMN "circular_id" text;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD COLUMN "opened_by_user_id" integer;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "accountability_case_events" ADD CONSTRAINT "accountability_case_events_case_id_accountability_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."accountability_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accountability_case_events" ADD CONSTRAINT "accountability_case_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "accountability_case_events_key" ON "accountability_case_events" USING btree ("case_id","event_key");--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD CONSTRAINT "accountability_cases_supervising_unit_id_units_id_fk" FOREIGN KEY ("supervising_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD CONSTRAINT "accountability_cases_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accountability_cases" ADD CONSTRAINT "accountability_cases_opened_by_user_id_users_id_fk" FOREIGN KEY ("opened_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accountability_cases_unit_idx" ON "accountability_cases" USING btree ("unit_id","created_at");