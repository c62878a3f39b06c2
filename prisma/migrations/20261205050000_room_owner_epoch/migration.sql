-- The room's owner epoch: each instance that takes the room over raises it; a store write of an older owner is refused.
ALTER TABLE "Room" ADD COLUMN "ownerEpoch" INTEGER NOT NULL DEFAULT 0;
