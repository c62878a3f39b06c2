/** What a room page needs to know about its room and model, served by the room API and the page. */
export interface ComponentInfo {
  index: number;
  label?: string;
  /** share of the code variance this component explains (0..1) */
  variance: number;
}

export interface RoomInfo {
  id: string;
  name: string;
  latent: number;
  modelVersion: string;
  components: ComponentInfo[];
}

/** How the custom server exposes room lookups to the Next.js pages it hosts (same process). */
export const ROOM_LOOKUP = Symbol.for("likeness.roomLookup");
/** The room; `{ unavailable }` when it exists but cannot be served now (the server at capacity, its stored
 * data unreadable), with the reason; undefined when there is no such room. Other errors throw. */
export type RoomLookup = (id: string) => Promise<RoomInfo | { unavailable: string } | undefined>;
