-- AlterTable
ALTER TABLE "facts" ADD COLUMN     "normalized" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "facts_normalized_idx" ON "facts"("normalized");

-- CreateIndex
CREATE INDEX "facts_source_created_at_idx" ON "facts"("source", "created_at");

-- Backfill (written by hand): facts stored before this migration get the same
-- normalised text the service computes (domain/fact-text.ts), so duplicate
-- checks cover them too.
UPDATE "facts" SET "normalized" = btrim(regexp_replace(lower("text"), '[^[:alnum:]]+', ' ', 'g'));
