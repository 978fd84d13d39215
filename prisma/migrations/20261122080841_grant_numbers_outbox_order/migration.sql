-- Grants get numbered ids (G-0001…) like cases and datasets; the outbox is read oldest first by createdAt.
-- No store wrote to these tables before this migration, so Grant is empty and the new required column is safe.

-- DropIndex
DROP INDEX "OutboxMessage_status_id_idx";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Grant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "number" INTEGER NOT NULL,
    "caseId" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expiresOn" TEXT NOT NULL,
    "agreementRef" TEXT NOT NULL,
    "grantedAt" DATETIME NOT NULL
);
INSERT INTO "new_Grant" ("agreementRef", "caseId", "datasetId", "expiresOn", "grantedAt", "id", "userId") SELECT "agreementRef", "caseId", "datasetId", "expiresOn", "grantedAt", "id", "userId" FROM "Grant";
DROP TABLE "Grant";
ALTER TABLE "new_Grant" RENAME TO "Grant";
CREATE UNIQUE INDEX "Grant_number_key" ON "Grant"("number");
CREATE INDEX "Grant_userId_idx" ON "Grant"("userId");
CREATE INDEX "Grant_caseId_idx" ON "Grant"("caseId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "OutboxMessage_status_createdAt_id_idx" ON "OutboxMessage"("status", "createdAt", "id");

