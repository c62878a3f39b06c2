import type { RoomEntry } from "../rooms/RoomRegistry";
import { HttpError } from "./readJsonBody";

/** The room a route's id names, or a 404: an unknown id and an invalid one look the same. */
export const requireRoom =
  (openRoom: (id: string) => Promise<RoomEntry | undefined>) =>
  async (id: string | undefined): Promise<RoomEntry> => {
    const entry = await openRoom(id ?? "");
    if (!entry) throw new HttpError(404, "no such room");
    return entry;
  };
