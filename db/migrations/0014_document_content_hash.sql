ALTER TABLE "documents" ADD COLUMN "content_hash" text;--> statement-breakpoint
CREATE INDEX "documents_content_idx" ON "documents" USING btree ("kind","unit_id","content_hash");