/**
 * Answers what the room page cannot: a malformed room link (400), a room the link may not see (403) and a
 * room that exists but cannot be served now (503, with the reason), each as a small page. A room page
 * that can be served goes on to Next.js with its room in the request (ROOM_HEADER).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { encodeRoomHeader, ROOM_HEADER, type RoomLookup } from "../../lib/roomInfo";
import { HttpError } from "./readJsonBody";
import { decodeSegment } from "./requestUrl";
import { sendPage } from "./sendPage";

/** Resolves true when it answered the request; throws HttpError 400 for a malformed room link. */
export async function guardRoomPage(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  /** the room as the request's session may see it */
  lookup: RoomLookup,
): Promise<boolean> {
  const m = /^\/rooms\/([^/]+)$/.exec(path);
  if (!m || (req.method !== "GET" && req.method !== "HEAD")) return false;
  let id: string;
  try {
    id = decodeSegment(m[1] as string);
  } catch {
    throw new HttpError(400, "This room link is malformed: check that it was copied whole.");
  }
  const room = await lookup(id);
  if (room && "refusal" in room) {
    sendPage(res, 403, "Not allowed", `This link does not open this room: ${room.refusal}.`);
    return true;
  }
  if (!room) return false;
  if (!("unavailable" in room)) {
    // the page renders this room: it reads it from the request, not from the server's memory
    req.headers[ROOM_HEADER] = encodeRoomHeader(room);
    return false;
  }
  sendPage(
    res,
    503,
    "Room unavailable",
    `This room cannot be opened right now: ${room.unavailable}. Nothing in it is lost; try again in a minute.`,
  );
  return true;
}
