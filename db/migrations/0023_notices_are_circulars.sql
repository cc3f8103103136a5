-- A notice is now the one-recipient circular (kind 'notice'): each notice row moves to circulars
-- and circular_recipients with its stage, number, deadline and receipt; its workflow, if still
-- running, writes there from now on (activities/notices.ts).
INSERT INTO "circulars" ("id", "issuing_unit_id", "kind", "title", "paragraphs", "recipient_text", "recipient_count",
  "stage", "document_id", "number", "receipt_due_at", "drafter_user_id", "approved_by_user_id", "approved_at",
  "created_at", "updated_at")
SELECT n."id", n."issuing_unit_id", 'notice', n."title", '[]'::jsonb, u."name", 1,
  (CASE n."stage"::text WHEN 'awaiting_receipt' THEN 'distributed' WHEN 'received' THEN 'closed' ELSE n."stage"::text END)::"circular_stage",
  n."document_id", n."number", n."due_at", n."issued_by_user_id", n."issued_by_user_id", n."created_at",
  n."created_at", n."updated_at"
FROM "notices" n JOIN "units" u ON u."id" = n."recipient_unit_id"
ON CONFLICT ("id") DO NOTHING;--> statement-breakpoint
INSERT INTO "circular_recipients" ("circular_id", "unit_id", "received_at", "received_by", "overdue")
SELECT n."id", n."recipient_unit_id", n."received_at", n."received_by", n."overdue" FROM "notices" n
ON CONFLICT DO NOTHING;--> statement-breakpoint
DROP TABLE "notices" CASCADE;--> statement-breakpoint
DROP TYPE "public"."notice_stage";