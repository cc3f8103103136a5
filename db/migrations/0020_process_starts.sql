CREATE TABLE "process_starts" (
	"workflow_id" text PRIMARY KEY NOT NULL,
	"workflow_type" text NOT NULL,
	"task_queue" text NOT NULL,
	"args" jsonb NOT NULL,
	"started_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "process_starts_pending_idx" ON "process_starts" USING btree ("created_at") WHERE "process_starts"."started_at" is null;