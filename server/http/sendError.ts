/** How a failed request is answered: its status, and its message as JSON for the API or as a small page. */
import type { ServerResponse } from "node:http";
import type { ApiError } from "../../lib/api/apiError";
import { RoomLoadError } from "../rooms/RoomRegistry";
import { HttpError } from "./readJsonBody";
import { sendJson } from "./sendJson";
import { sendPage } from "./sendPage";

/** An error of the database driver (the disk full or read-only, the file locked or unreadable). */
const isDatabaseError = (error: unknown) =>
  error instanceof Error &&
  (error.name.startsWith("Prisma") || /SQLITE_|DriverAdapter/.test(`${error.name} ${error.message}`));

/** 4xx for the client's errors, 503 for what may work in a minute (a room or the database unavailable), else 500. */
export function statusOf(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  if (error instanceof RoomLoadError || isDatabaseError(error)) return 503;
  return 500;
}

export function messageOf(error: unknown): string {
  if (!(error instanceof HttpError) && isDatabaseError(error))
    return "the database is unavailable now; nothing was changed: try again in a minute";
  return (error as Error).message;
}

export function sendError(res: ServerResponse, path: string, status: number, message: string): void {
  if (path.startsWith("/api/") || path.startsWith("/socket.io")) sendJson<ApiError>(res, status, { error: message });
  else
    sendPage(res, status, status === 404 ? "Not found" : status === 503 ? "Unavailable" : "Request refused", message);
}
