-- AlterTable
ALTER TABLE "ModelVersion" ADD COLUMN "labels" TEXT NOT NULL DEFAULT '{}';
