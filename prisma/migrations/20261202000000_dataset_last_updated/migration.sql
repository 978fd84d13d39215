-- W13 (T12): each dataset's last update, from which its next update falls due. Data already on the catalog has no
-- known date: it counts from the day this version is installed, so no duty opens for all of it at once.

-- AlterTable
ALTER TABLE "Dataset" ADD COLUMN "lastUpdatedOn" TEXT;


UPDATE "Dataset" SET "lastUpdatedOn" = date('now') WHERE "status" <> 'pending';
