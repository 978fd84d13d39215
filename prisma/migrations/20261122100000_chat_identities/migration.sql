-- Chat accounts linked to users (ChatIdentity), the one-time codes that link them (LinkCode), and the chat messages
-- that show a case, so every copy can be edited after a decision (PostedMessage). Issue 4.

-- CreateTable
CREATE TABLE "ChatIdentity" (
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "linkedAt" DATETIME NOT NULL,

    PRIMARY KEY ("platform", "externalId")
);

-- CreateTable
CREATE TABLE "LinkCode" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "usedPlatform" TEXT,
    "usedExternalId" TEXT
);

-- CreateTable
CREATE TABLE "PostedMessage" (
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "messageRef" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "caseVersion" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "postedAt" DATETIME NOT NULL,

    PRIMARY KEY ("platform", "channel", "messageRef")
);

-- CreateIndex
CREATE UNIQUE INDEX "ChatIdentity_platform_userId_key" ON "ChatIdentity"("platform", "userId");

-- CreateIndex
CREATE INDEX "PostedMessage_caseId_platform_idx" ON "PostedMessage"("caseId", "platform");

