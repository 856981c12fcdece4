-- AlterTable
ALTER TABLE "tickets" ADD COLUMN     "claimed_at" TIMESTAMPTZ(3),
ADD COLUMN     "claimed_by_tag" TEXT,
ADD COLUMN     "closed_by_tag" TEXT;
