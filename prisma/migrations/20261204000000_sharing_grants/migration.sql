-- W11 inter-agency sharing (Z13-Z17). An agency's level: a national or provincial body's data is referred upward (Z15);
-- every agency so far is the city's own. A grant's kind: every grant so far opened conditional data to a user (T15);
-- a sharing grant gives a government body a dataset for the one duty it stated (Z17).

-- AlterTable
ALTER TABLE "Agency" ADD COLUMN "level" TEXT NOT NULL DEFAULT 'city';

-- AlterTable
ALTER TABLE "Grant" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'open';
ALTER TABLE "Grant" ADD COLUMN "duty" TEXT;
