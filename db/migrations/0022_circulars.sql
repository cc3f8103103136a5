CREATE TYPE "public"."circular_kind" AS ENUM('work', 'commendation', 'criticism', 'situation', 'notice');--> statement-breakpoint
CREATE TYPE "public"."circular_stage" AS ENUM('awaiting_approval', 'returned', 'withdrawn', 'issuing', 'distributed', 'closed', 'failed');--> statement-breakpoint
CREATE TABLE "circular_recipients" (
	"circular_id" text NOT NULL,
	"unit_id" integer NOT NULL,
	"received_at" timestamp with time zone,
	"received_by" text,
	"read_at" timestamp with time zone,
	"read_by_user_id" integer,
	"replied_at" timestamp with time zone,
	"replied_by_user_id" integer,
	"reply" text,
	"reminded_at" timestamp with time zone,
	"overdue" boolean DEFAULT false NOT NULL,
	CONSTRAINT "circular_recipients_circular_id_unit_id_pk" PRIMARY KEY("circular_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "circulars" (
	"id" text PRIMARY KEY NOT NULL,
	"issuing_unit_id" integer NOT NULL,
	"kind" "circular_kind" NOT NULL,
	"title" text NOT NULL,
	"paragraphs" jsonb NOT NULL,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"recipient_text" text NOT NULL,
	"recipient_count" integer DEFAULT 0 NOT NULL,
	"reply_required" boolean DEFAULT false NOT NULL,
	"stage" "circular_stage" DEFAULT 'awaiting_approval' NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"return_comment" text,
	"document_id" uuid,
	"number" text,
	"receipt_due_at" timestamp with time zone,
	"reply_due_at" timestamp with time zone,
	"drafter_user_id" integer,
	"approved_by_user_id" integer,
	"approved_at" timestamp with time zone,
	"source_type" text,
	"source_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "circular_recipients" ADD CONSTRAINT "circular_recipients_circular_id_circulars_id_fk" FOREIGN KEY ("circular_id") REFERENCES "public"."circulars"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circular_recipients" ADD CONSTRAINT "circular_recipients_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circular_recipients" ADD CONSTRAINT "circular_recipients_read_by_user_id_users_id_fk" FOREIGN KEY ("read_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circular_recipients" ADD CONSTRAINT "circular_recipients_replied_by_user_id_users_id_fk" FOREIGN KEY ("replied_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circulars" ADD CONSTRAINT "circulars_issuing_unit_id_units_id_fk" FOREIGN KEY ("issuing_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circulars" ADD CONSTRAINT "circulars_drafter_user_id_users_id_fk" FOREIGN KEY ("drafter_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circulars" ADD CONSTRAINT "circulars_approved_by_user_id_users_id_fk" FOREIGN KEY ("approved_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "circular_recipients_unit_idx" ON "circular_recipients" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "circulars_issuer_idx" ON "circulars" USING btree ("issuing_unit_id","created_at");--> statement-breakpoint
CREATE INDEX "circulars_source_idx" ON "circulars" USING btree ("source_type","source_id");