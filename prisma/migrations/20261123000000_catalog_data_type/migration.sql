-- A catalog entry states its data type (数据类型, S14): dataset | api. The table is redefined as `prisma migrate diff`
-- wrote it; only the INSERT is ours, so existing entries get a type from their formats: one served as API is an
-- interface, any other a dataset. The entries kept in W1 cases get the same, W1 cases filed before the provider's
-- declarations (S32, T6) were asked record that none were made (null), every objection filed before W7 knew
-- suggestions (T17 异议或者建议) is an objection, and an extension asked before S10's consultation was recorded says
-- it was not (consulted false, agreed null).

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Dataset" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "number" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "fields" TEXT NOT NULL,
    "attribute" TEXT NOT NULL,
    "conditions" TEXT,
    "formats" TEXT NOT NULL,
    "dataType" TEXT NOT NULL,
    "updateFrequency" TEXT NOT NULL,
    "providerAgencyId" TEXT NOT NULL,
    "status" TEXT NOT NULL
);
INSERT INTO "new_Dataset" ("attribute", "conditions", "fields", "formats", "dataType", "id", "name", "number", "providerAgencyId", "status", "summary", "updateFrequency")
SELECT "attribute", "conditions", "fields", "formats",
       CASE WHEN EXISTS (SELECT 1 FROM json_each("Dataset"."formats") WHERE "value" = 'API') THEN 'api' ELSE 'dataset' END,
       "id", "name", "number", "providerAgencyId", "status", "summary", "updateFrequency"
FROM "Dataset";
DROP TABLE "Dataset";
ALTER TABLE "new_Dataset" RENAME TO "Dataset";
CREATE UNIQUE INDEX "Dataset_number_key" ON "Dataset"("number");
CREATE INDEX "Dataset_status_idx" ON "Dataset"("status");
CREATE INDEX "Dataset_providerAgencyId_idx" ON "Dataset"("providerAgencyId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- The W1 and W7 case data (JSON) the workflows read.
UPDATE "Case"
SET "data" = json_set("data", '$.entry.dataType',
      CASE WHEN EXISTS (SELECT 1 FROM json_each("Case"."data", '$.entry.formats') WHERE "value" = 'API') THEN 'api' ELSE 'dataset' END)
WHERE "workflow" = 'W1' AND json_type("data", '$.entry') = 'object' AND json_type("data", '$.entry.dataType') IS NULL;
UPDATE "Case"
SET "data" = json_set("data", '$.declarations', json('null'))
WHERE "workflow" = 'W1' AND json_type("data", '$.declarations') IS NULL;
UPDATE "Case"
SET "data" = json_set("data", '$.kind', 'error')
WHERE "workflow" = 'W7' AND json_type("data", '$.kind') IS NULL;
UPDATE "Case"
SET "data" = json_set("data", '$.extensions',
      (SELECT json_group_array(json_set("value", '$.consulted', json('false'), '$.agreed', json('null')))
       FROM json_each("Case"."data", '$.extensions')))
WHERE "workflow" = 'W7'
  AND EXISTS (SELECT 1 FROM json_each("Case"."data", '$.extensions') WHERE json_type("value", '$.consulted') IS NULL);
