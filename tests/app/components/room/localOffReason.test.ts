import { describe, expect, it } from "vitest";
import { localOffReason } from "../../../../app/components/room/localOffReason";

describe("why faces are not drawn on this device", () => {
  it("names the person's choice first, then the model, then the blur", () => {
    expect(localOffReason(false, false, true)).toBe("turned off in this browser");
    expect(localOffReason(true, false, true)).toBe("this model is drawn on the server only");
    expect(localOffReason(true, true, true)).toBe("the face is blurred for you: the server draws it");
  });

  it("is null when nothing stands in the way", () => {
    expect(localOffReason(true, true, false)).toBeNull();
  });
});
