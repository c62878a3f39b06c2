/** What the room's shared state gives a page (useRoomSync): the sliders, the connection, the people, the session. */
import type { Presence } from "../../../lib/presence";
import type { SessionSettings, sessionMap } from "../../../lib/sessionSettings";

export type ConnectionState = "connecting" | "connected" | "offline";

export interface Peer extends Required<Pick<Presence, "user">> {
  clientId: number;
  dragging: number | null;
  self: boolean;
}

export interface RoomSync {
  values: Float64Array;
  connection: ConnectionState;
  /** the room's state has arrived once: editing is enabled from then on, online or not */
  ready: boolean;
  /** the server ended the session for good (invalid data, message too large); reloading starts anew */
  closed: string | null;
  /** the server refused this tab's last change (a slider just locked): why; the tab started again from the room */
  refused: string | null;
  /** the witness session's settings (locks, names, what the witness sees) */
  settings: SessionSettings;
  /** changes the session's settings (the artist's; the server refuses anyone else's) */
  configure(change: (settings: ReturnType<typeof sessionMap>) => void): void;
  /** local edits made while offline, to be merged on return */
  queuedEdits: number;
  peers: Peer[];
  canUndo: boolean;
  canRedo: boolean;
  setSlider(component: number, value: number): void;
  /** moves several sliders at once, as one drag moves one (a holistic scale) */
  setSliders(moved: ReadonlyMap<number, number>): void;
  /** marks the start or end of a gesture (drag, key press): each gesture is one undo step */
  gesture(dragging: number | null): void;
  /** a random face (./randomFace), one undo step */
  randomize(): Promise<void>;
  /** sets every slider at once (one undo step), e.g. from a snapshot; `only`: just these components */
  restore(sliders: ArrayLike<number>, only?: readonly number[]): void;
  reset(): void;
  undo(): void;
  redo(): void;
}
