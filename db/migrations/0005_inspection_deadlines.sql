CREATE TYPE "public"."inspection_step" AS ENUM('self_check', 'review', 'rectification', 'verification');--> statement-breakpoint
ALTER TABLE "inspection_plans" ADD COLUMN "rectification_window" jsonb;--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "overdue_step" "inspection_step";--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "overdue_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "overdue_resolved_at" timestamp with time zone;