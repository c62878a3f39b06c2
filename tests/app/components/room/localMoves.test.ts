import { describe, expect, it } from "vitest";
import { IN_FLIGHT_MS, LocalMoves } from "../../../../app/components/room/localMoves";

describe("a tab's own moves the room may lack", () => {
  it("keeps the moves made offline until a sync, and online ones only while they may be in flight", () => {
    const moves = new LocalMoves();
    moves.note(1, false, 0);
    moves.note(2, true, 0);
    moves.note(3, true, 5000);
    expect(moves.unconfirmed(5000 + IN_FLIGHT_MS / 2).sort()).toEqual([1, 3]);
    // moved again online: still one the room may lack from the offline spell
    moves.note(1, true, 9000);
    expect(moves.unconfirmed(9000 + 2 * IN_FLIGHT_MS)).toEqual([1]);
    moves.confirmed();
    expect(moves.unconfirmed(9000)).toEqual([]);
  });
});
