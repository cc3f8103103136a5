CREATE TYPE "public"."handover_reason" AS ENUM('merger', 'dissolution', 'function_transfer', 'outsourcing_change');--> statement-breakpoint
CREATE TYPE "public"."handover_status" AS ENUM('drafting', 'verifying', 'signing', 'confirming', 'archived', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."holding_kind" AS ENUM('dataset', 'information_system', 'backup', 'storage_medium', 'documents', 'credentials');--> statement-breakpoint
CREATE TYPE "public"."holding_status" AS ENUM('active', 'transferred', 'retired');--> statement-breakpoint
CREATE TYPE "public"."signing_party" AS ENUM('handing', 'receiving');--> statement-breakpoint
CREATE TABLE "data_holdings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "data_holdings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"kind" "holding_kind" NOT NULL,
	"description" text NOT NULL,
	"record_count" bigint NOT NULL,
	"volume" text NOT NULL,
	"format" text NOT NULL,
	"sha256" text NOT NULL,
	"country" text NOT NULL,
	"region" text NOT NULL,
	"encryption" text NOT NULL,
	"serial_number" text,
	"status" "holding_status" DEFAULT 'active' NOT NULL,
	"transferred_from_unit_id" integer,
	"handover_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "handover_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "handover_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"handover_id" text NOT NULL,
	"event_key" text NOT NULL,
	"step" text NOT NULL,
	"actor_user_id" integer,
	"actor_name" text,
	"actor_unit_id" integer,
	"round" integer,
	"detail" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "handover_rounds" (
	"handover_id" text NOT NULL,
	"round" integer NOT NULL,
	"items" jsonb NOT NULL,
	"list_hash" text NOT NULL,
	"submitted_by_user_id" integer,
	"submitted_by_name" text NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"results" jsonb,
	"verified_by_user_id" integer,
	"verified_by_name" text,
	"verified_at" timestamp with time zone,
	CONSTRAINT "handover_rounds_handover_id_round_pk" PRIMARY KEY("handover_id","round")
);
--> statement-breakpoint
CREATE TABLE "handover_signatures" (
	"handover_id" text NOT NULL,
	"party" "signing_party" NOT NULL,
	"signer_user_id" integer NOT NULL,
	"signer_name" text NOT NULL,
	"unit_id" integer NOT NULL,
	"list_hash" text NOT NULL,
	"signed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "handover_signatures_handover_id_party_pk" PRIMARY KEY("handover_id","party")
);
--> statement-breakpoint
CREATE TABLE "handovers" (
	"id" text PRIMARY KEY NOT NULL,
	"handing_unit_id" integer NOT NULL,
	"receiving_unit_id" integer NOT NULL,
	"supervising_unit_id" integer NOT NULL,
	"reason" "handover_reason" NOT NULL,
	"reason_detail" text,
	"status" "handover_status" DEFAULT 'drafting' NOT NULL,
	"current_step" text NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"overdue" boolean DEFAULT false NOT NULL,
	"draft" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"draft_saved_at" timestamp with time zone,
	"draft_saved_by_user_id" integer,
	"list_hash" text,
	"document_id" uuid,
	"archive" jsonb,
	"cancel_reason" text,
	"started_by_user_id" integer,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "data_holdings" ADD CONSTRAINT "data_holdings_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_holdings" ADD CONSTRAINT "data_holdings_transferred_from_unit_id_units_id_fk" FOREIGN KEY ("transferred_from_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handover_events" ADD CONSTRAINT "handover_events_handover_id_handovers_id_fk" FOREIGN KEY ("handover_id") REFERENCES "public"."handovers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handover_events" ADD CONSTRAINT "handover_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handover_events" ADD CONSTRAINT "handover_events_actor_unit_id_units_id_fk" FOREIGN KEY ("actor_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handover_rounds" ADD CONSTRAINT "handover_rounds_handover_id_handovers_id_fk" FOREIGN KEY ("handover_id") REFERENCES "public"."handovers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handover_rounds" ADD CONSTRAINT "handover_rounds_submitted_by_user_id_users_id_fk" FOREIGN KEY ("submitted_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handover_rounds" ADD CONSTRAINT "handover_rounds_verified_by_user_id_users_id_fk" FOREIGN KEY ("verified_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handover_signatures" ADD CONSTRAINT "handover_signatures_handover_id_handovers_id_fk" FOREIGN KEY ("handover_id") REFERENCES "public"."handovers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handover_signatures" ADD CONSTRAINT "handover_signatures_signer_user_id_users_id_fk" FOREIGN KEY ("signer_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handover_signatures" ADD CONSTRAINT "handover_signatures_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handovers" ADD CONSTRAINT "handovers_handing_unit_id_units_id_fk" FOREIGN KEY ("handing_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handovers" ADD CONSTRAINT "handovers_receiving_unit_id_units_id_fk" FOREIGN KEY ("receiving_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handovers" ADD CONSTRAINT "handovers_supervising_unit_id_units_id_fk" FOREIGN KEY ("supervising_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handovers" ADD CONSTRAINT "handovers_draft_saved_by_user_id_users_id_fk" FOREIGN KEY ("draft_saved_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handovers" ADD CONSTRAINT "handovers_started_by_user_id_users_id_fk" FOREIGN KEY ("started_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "data_holdings_unit_idx" ON "data_holdings" USING btree ("unit_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "handover_events_key" ON "handover_events" USING btree ("handover_id","event_key");--> statement-breakpoint
CREATE UNIQUE INDEX "handovers_one_open_per_unit" ON "handovers" USING btree ("handing_unit_id") WHERE status in ('drafting', 'verifying', 'signing', 'confirming');--> statement-breakpoint
CREATE INDEX "handovers_receiving_idx" ON "handovers" USING btree ("receiving_unit_id");--> statement-breakpoint
CREATE INDEX "handovers_supervising_idx" ON "handovers" USING btree ("supervising_unit_id");