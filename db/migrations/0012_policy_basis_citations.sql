-- The seeded deadline policies cited the wrong articles: the rectification deadline named 003 第三十五条
-- (evaluation of platforms and vendors) where the basis is 000 第三十五条 督导整改, and the handover
-- deadline named the Xicheng draft 001, which is not in force. Rows an administrator has edited
-- (a basis other than the seeded one) are left as they are.
UPDATE "deadline_policies" SET "basis" = '000 第三十五条（督导整改）；条文未规定时限'
  WHERE "key" = 'rectification' AND "basis" = '000 第三十五条、003 第三十五条；条文未规定时限';
--> statement-breakpoint
UPDATE "deadline_policies" SET "basis" = '000 第十九条（移交）；条文未规定时限'
  WHERE "key" = 'handover.complete' AND "basis" = '000 第十九条、001 第十二条；条文未规定时限';
