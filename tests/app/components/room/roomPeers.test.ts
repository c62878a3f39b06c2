import { describe, expect, it } from "vitest";
import { draggersOf, peersOf } from "../../../../app/components/room/roomPeers";

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

  it("groups the others dragging a slider by that slider, this tab left out", () => {
    const peer = (clientId: number, dragging: number | null, self = false) => ({
      clientId,
      user: user(`P${clientId}`),
      dragging,
      self,
    });
    const [a, b, c, me, idle] = [peer(1, 4), peer(2, 4), peer(3, 0), peer(9, 4, true), peer(5, null)];
    const draggers = draggersOf([a, b, c, me, idle]);
    expect([...draggers.keys()].sort()).toEqual([0, 4]);
    expect(draggers.get(4)).toEqual([a, b]);
    expect(draggers.get(0)).toEqual([c]);
  });
});
