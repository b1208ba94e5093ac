-- Loss series (server/db/loss-codec.ts) are base64 of float64. PostgreSQL's pglz compresses each
-- one whole before finding it gains too little and storing it as it is. EXTERNAL stores them
-- out of line without trying: the same bytes, written faster (docs/performance.md, issue 16,
-- "Storing a round"). Rows already stored keep their form, and reads are unchanged.
-- (No semicolons in these comments: the schema engine splits the script on them.)
ALTER TABLE "Run" ALTER COLUMN "losses" SET STORAGE EXTERNAL;
ALTER TABLE "RoundChunk" ALTER COLUMN "data" SET STORAGE EXTERNAL;
