import { describe, expect, it } from "vitest";
import { databaseErrorLine } from "../../../server/db/databaseError";

describe("database error line", () => {
  it("names the driver's words, not a Prisma message's empty first line", () => {
    const prisma = new Error(
      "\nInvalid `prisma.roomUpdate.createMany()` invocation in\n/srv/server/db/RoomStore.ts:120:7\n\n  117 \n→ 120 await db\nSQLITE_FULL: database or disk is full",
    );
    expect(databaseErrorLine(prisma)).toBe("SQLITE_FULL: database or disk is full");
    const wrapped = Object.assign(new Error("\nInvalid invocation"), {
      cause: { message: "connect ECONNREFUSED 127.0.0.1:5432" },
    });
    expect(databaseErrorLine(wrapped)).toBe("connect ECONNREFUSED 127.0.0.1:5432");
    expect(databaseErrorLine(new Error("\n\nsomething else went wrong"))).toBe("something else went wrong");
  });
});
