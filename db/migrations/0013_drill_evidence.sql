ALTER TABLE "evidence_files" ALTER COLUMN "inspection_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD COLUMN "restore_drill_id" integer;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_restore_drill_id_restore_drills_id_fk" FOREIGN KEY ("restore_drill_id") REFERENCES "public"."restore_drills"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_files_restore_drill_idx" ON "evidence_files" USING btree ("restore_drill_id");--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_one_owner" CHECK (num_nonnulls("evidence_files"."inspection_id", "evidence_files"."restore_drill_id") = 1);