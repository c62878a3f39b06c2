-- The room document's epoch: raised each time the server rewrites the document from its live values
-- (compaction); a client holding an older epoch's document starts again from the room's.
ALTER TABLE "Room" ADD COLUMN "docEpoch" INTEGER NOT NULL DEFAULT 0;
