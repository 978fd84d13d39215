-- Reminders and escalations (ScheduleStep), at-most-once keys, delegations, user preferences and settings; the outbox
-- gains retry state (nextAttemptAt, lastError, status `sending` as a lease); a case can be assigned to one person.

-- AlterTable
ALTER TABLE "Case" ADD COLUMN "assigneeUserId" TEXT;

-- CreateTable
CREATE TABLE "ScheduleStep" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "caseId" TEXT NOT NULL,
    "stage" INTEGER NOT NULL,
    "rule" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "doneAt" DATETIME
);

-- CreateTable
CREATE TABLE "OnceKey" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Delegation" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "delegateId" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "UserPreference" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "digest" BOOLEAN NOT NULL
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OutboxMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" TEXT NOT NULL,
    "caseId" TEXT,
    "message" TEXT NOT NULL,
    "params" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL,
    "nextAttemptAt" DATETIME NOT NULL,
    "lastError" TEXT,
    "sentAt" DATETIME
);
-- Existing messages were due as soon as they were written: nextAttemptAt starts at createdAt.
INSERT INTO "new_OutboxMessage" ("attempts", "caseId", "createdAt", "id", "message", "nextAttemptAt", "params", "sentAt", "status", "userId") SELECT "attempts", "caseId", "createdAt", "id", "message", "createdAt", "params", "sentAt", "status", "userId" FROM "OutboxMessage";
DROP TABLE "OutboxMessage";
ALTER TABLE "new_OutboxMessage" RENAME TO "OutboxMessage";
CREATE INDEX "OutboxMessage_status_nextAttemptAt_id_idx" ON "OutboxMessage"("status", "nextAttemptAt", "id");
CREATE INDEX "OutboxMessage_status_createdAt_id_idx" ON "OutboxMessage"("status", "createdAt", "id");
CREATE INDEX "OutboxMessage_caseId_idx" ON "OutboxMessage"("caseId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ScheduleStep_status_dueAt_id_idx" ON "ScheduleStep"("status", "dueAt", "id");

-- CreateIndex
CREATE INDEX "ScheduleStep_caseId_idx" ON "ScheduleStep"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduleStep_caseId_stage_rule_level_key" ON "ScheduleStep"("caseId", "stage", "rule", "level");

