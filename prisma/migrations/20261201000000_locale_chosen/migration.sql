-- A language chosen with `lang` is kept when a chat account is linked.
ALTER TABLE "UserPreference" ADD COLUMN "localeChosen" BOOLEAN NOT NULL DEFAULT false;
