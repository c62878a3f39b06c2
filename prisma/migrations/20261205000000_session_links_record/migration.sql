-- CreateTable
CREATE TABLE "RoomLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roomId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME,
    CONSTRAINT "RoomLink_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RecordEntry" (
    "roomId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "kind" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    PRIMARY KEY ("roomId", "seq"),
    CONSTRAINT "RecordEntry_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "RoomLink_tokenHash_key" ON "RoomLink"("tokenHash");

-- CreateIndex
CREATE INDEX "RoomLink_roomId_idx" ON "RoomLink"("roomId");

-- The record is append-only: nothing may change or delete an entry
CREATE TRIGGER "RecordEntry_no_update" BEFORE UPDATE ON "RecordEntry"
BEGIN SELECT RAISE(ABORT, 'the session record is append-only'); END;
CREATE TRIGGER "RecordEntry_no_delete" BEFORE DELETE ON "RecordEntry"
BEGIN SELECT RAISE(ABORT, 'the session record is append-only'); END;
