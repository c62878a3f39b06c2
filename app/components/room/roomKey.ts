/**
 * The token of the link this page was opened with (?k=…): it goes with every request of the room —
 * API calls, images, the Yjs websocket and the frames' socket — so the server can tell the role.
 */
import { KEY_PARAM } from "../../../lib/roles";

export function roomKey(): string | null {
  if (typeof window === "undefined") return null;
  return new URLSearchParams(window.location.search).get(KEY_PARAM);
}

/** The URL with this page's link token added (unchanged for a plain link). */
export function withKey(url: string): string {
  const key = roomKey();
  if (!key) return url;
  return `${url}${url.includes("?") ? "&" : "?"}${KEY_PARAM}=${encodeURIComponent(key)}`;
}
