-- W2 re-assessment (S8, G(一)5): the day each dataset's open attribute was last set or re-assessed, from which its next
-- re-assessment falls due. Data already on the catalog has no known date: it counts from the day this version is
-- installed, so no re-assessment opens for all of it at once.

-- AlterTable
ALTER TABLE "Dataset" ADD COLUMN "attributeAssessedOn" TEXT;


UPDATE "Dataset" SET "attributeAssessedOn" = date('now') WHERE "status" <> 'pending';
