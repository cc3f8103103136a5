CREATE TYPE "public"."backup_frequency" AS ENUM('realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly');--> statement-breakpoint
CREATE TYPE "public"."drill_result" AS ENUM('succeeded', 'partial', 'failed');--> statement-breakpoint
CREATE TABLE "backups" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "backups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"scope" text NOT NULL,
	"frequency" "backup_frequency" NOT NULL,
	"off_site_country" text,
	"off_site_region" text,
	"last_performed_on" date,
	"remark" text,
	"recorded_by_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "restore_drills" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "restore_drills_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"drilled_on" date NOT NULL,
	"restored" text NOT NULL,
	"duration_minutes" integer NOT NULL,
	"result" "drill_result" NOT NULL,
	"evidence" text NOT NULL,
	"follow_up_on" date,
	"recorded_by_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "evidence_files" ALTER COLUMN "inspection_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "data_holdings" ADD COLUMN "protection_level" integer;--> statement-breakpoint
ALTER TABLE "data_holdings" ADD COLUMN "filing_number" text;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD COLUMN "restore_drill_id" integer;--> statement-breakpoint
ALTER TABLE "backups" ADD CONSTRAINT "backups_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backups" ADD CONSTRAINT "backups_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "restore_drills" ADD CONSTRAINT "restore_drills_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "restore_drills" ADD CONSTRAINT "restore_drills_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "backups_unit_idx" ON "backups" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "restore_drills_unit_idx" ON "restore_drills" USING btree ("unit_id","drilled_on");--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_restore_drill_id_restore_drills_id_fk" FOREIGN KEY ("restore_drill_id") REFERENCES "public"."restore_drills"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_files_restore_drill_idx" ON "evidence_files" USING btree ("restore_drill_id");--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_one_owner" CHECK (num_nonnulls("evidence_files"."inspection_id", "evidence_files"."restore_drill_id") = 1);