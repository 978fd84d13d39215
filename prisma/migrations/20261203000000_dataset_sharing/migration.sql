-- 共享属性 (Z13, B20): how each dataset is shared between government bodies, apart from its open attribute. Data
-- already on the catalog has no basis recorded, so it is shared unconditionally (B20 无法律、行政法规依据的，应当列入无
-- 条件共享类).

-- AlterTable
ALTER TABLE "Dataset" ADD COLUMN "sharing" TEXT NOT NULL DEFAULT 'unconditional';
ALTER TABLE "Dataset" ADD COLUMN "sharingConditions" TEXT;
ALTER TABLE "Dataset" ADD COLUMN "sharingBasis" TEXT;
