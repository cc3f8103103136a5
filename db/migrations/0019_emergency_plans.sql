CREATE TYPE "public"."emergency_drill_result" AS ENUM('succeeded', 'partial', 'failed');--> statement-breakpoint
CREATE TABLE "emergency_drills" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "emergency_drills_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"plan_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"drilled_on" date NOT NULL,
	"scenario" text NOT NULL,
	"result" "emergency_drill_result" NOT NULL,
	"findings" text NOT NULL,
	"next_drill_on" date NOT NULL,
	"follow_up_on" date,
	"recorded_by_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "emergency_drills_next_after_drill" CHECK ("emergency_drills"."next_drill_on" > "emergency_drills"."drilled_on")
);
--> statement-breakpoint
CREATE TABLE "emergency_plans" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "emergency_plans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"title" text NOT NULL,
	"version" text NOT NULL,
	"approved_on" date NOT NULL,
	"next_drill_on" date NOT NULL,
	"scope" text NOT NULL,
	"summary" text,
	"recorded_by_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "emergency_plans_drill_after_approval" CHECK ("emergency_plans"."next_drill_on" > "emergency_plans"."approved_on")
);
--> statement-breakpoint
ALTER TABLE "evidence_files" DROP CONSTRAINT "evidence_files_one_owner";--> statement-breakpoint
ALTER TABLE "evidence_files" ADD COLUMN "emergency_plan_id" integer;--> statement-breakpoint
ALTER TABLE "emergency_drills" ADD CONSTRAINT "emergency_drills_plan_id_emergency_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."emergency_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_drills" ADD CONSTRAINT "emergency_drills_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_drills" ADD CONSTRAINT "emergency_drills_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_plans" ADD CONSTRAINT "emergency_plans_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_plans" ADD CONSTRAINT "emergency_plans_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "emergency_drills_unit_idx" ON "emergency_drills" USING btree ("unit_id","drilled_on");--> statement-breakpoint
CREATE INDEX "emergency_drills_plan_idx" ON "emergency_drills" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "emergency_plans_unit_idx" ON "emergency_plans" USING btree ("unit_id","approved_on");--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_emergency_plan_id_emergency_plans_id_fk" FOREIGN KEY ("emergency_plan_id") REFERENCES "public"."emergency_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_files_emergency_plan_idx" ON "evidence_files" USING btree ("emergency_plan_id");--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_one_owner" CHECK (num_nonnulls("evidence_files"."inspection_id", "evidence_files"."restore_drill_id", "evidence_files"."emergency_plan_id") = 1);