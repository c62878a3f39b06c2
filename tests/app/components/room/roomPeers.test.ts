import { describe, expect, it } from "vitest";
import { peersOf } from "../../../../app/components/room/roomPeers";

const user = (name: string) => ({ name, color: "#336699" });

describe("the people in a room", () => {
  it("lists those who say who they are, this tab first and then by name, with the slider each drags", () => {
    const states = new Map<number, unknown>([
      [7, { user: user("Zoe"), dragging: 3 }],
      [3, { user: user("Ann") }],
      [5, {}],
      [9, { user: user("Max") }],
    ]);
    expect(peersOf(states, 9)).toEqual([
      { clientId: 9, user: user("Max"), dragging: null, self: true },
      { clientId: 3, user: user("Ann"), dragging: null, self: false },
      { clientId: 7, user: user("Zoe"), dragging: 3, self: false },
    ]);
  });
});
