-- The evaluation's memo: every case's handling computed from its audit entries, so `stats` reads the trail only of
-- the cases that changed since. One row, sealed under the audit key.

-- CreateTable
CREATE TABLE "EvaluationMemo" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "basis" TEXT NOT NULL,
    "throughSeq" INTEGER NOT NULL,
    "cases" TEXT NOT NULL,
    "seal" TEXT NOT NULL,
    "savedAt" DATETIME NOT NULL
);
