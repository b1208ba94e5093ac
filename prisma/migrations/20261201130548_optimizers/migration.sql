-- AlterTable
ALTER TABLE "Participant" ADD COLUMN     "momentum" DOUBLE PRECISION,
ADD COLUMN     "optimizer" TEXT NOT NULL DEFAULT 'gd';

-- AlterTable
ALTER TABLE "Round" ADD COLUMN     "optimizers" JSONB NOT NULL DEFAULT '["gd"]';

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "momentum" DOUBLE PRECISION,
ADD COLUMN     "optimizer" TEXT NOT NULL DEFAULT 'gd';

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "optimizers" JSONB NOT NULL DEFAULT '["gd"]';
