-- AlterTable
ALTER TABLE "Round" ADD COLUMN     "datasetCopy" JSONB;

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "datasetCopy" JSONB;
