-- A dataset may have an English name people can search by (`datasets bus`). It is not a catalog field (S14), so it
-- is optional and existing datasets have none.

-- AlterTable
ALTER TABLE "Dataset" ADD COLUMN "nameEn" TEXT;

