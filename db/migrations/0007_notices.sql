CREATE TYPE "public"."notice_stage" AS ENUM('issuing', 'awaiting_receipt', 'received', 'failed');--> statement-breakpoint
CREATE TABLE "notices" (
	"id" text PRIMARY KEY NOT NULL,
	"issuing_unit_id" integer NOT NULL,
	"recipient_unit_id" integer NOT NULL,
	"title" text NOT NULL,
	"stage" "notice_stage" DEFAULT 'issuing' NOT NULL,
	"document_id" uuid,
	"number" text,
	"due_at" timestamp with time zone,
	"overdue" boolean DEFAULT false NOT NULL,
	"received_by" text,
	"received_at" timestamp with time zone,
	"issued_by_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_issuing_unit_id_units_id_fk" FOREIGN KEY ("issuing_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_recipient_unit_id_units_id_fk" FOREIGN KEY ("recipient_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_issued_by_user_id_users_id_fk" FOREIGN KEY ("issued_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notices_issuing_idx" ON "notices" USING btree ("issuing_unit_id");--> statement-breakpoint
CREATE INDEX "notices_recipient_idx" ON "notices" USING btree ("recipient_unit_id");