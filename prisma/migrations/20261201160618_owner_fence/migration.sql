-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "ownerFence" BIGINT NOT NULL DEFAULT 0;
