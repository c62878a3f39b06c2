import type { HolisticScale } from "./holisticScale";
import type { Role } from "./roles";

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
  /** the role of whoever asks (from their link) */
  role: Role;
  latent: number;
  /** the size of its faces */
  image: { width: number; height: number };
  modelVersion: string;
  /** the version new rooms start on (the room can be switched to it) */
  activeModelVersion: string;
  /** its model's decoder may be sent to this browser, which then draws faces itself (an admin's choice) */
  localDrawing: boolean;
  /** the epoch of the room's document (it rises each time the server rewrites it): the Yjs link's `epoch` */
  epoch: number;
  components: ComponentInfo[];
  /** a witness session's neutral start: the model's mean-like face (facemodel/randomFace neutralFace) */
  neutral: number[];
  /** the model's holistic scales ([] for a model trained without factors) */
  scales: HolisticScale[];
}

/**
 * How the custom server hands the room page its room: a request header it sets after looking the room up
 * (it drops any such header a client sends). No global state is shared between the server and the pages.
 */
export const ROOM_HEADER = "x-likeness-room";
export const encodeRoomHeader = (room: RoomInfo): string => encodeURIComponent(JSON.stringify(room));
export const decodeRoomHeader = (value: string): RoomInfo => JSON.parse(decodeURIComponent(value)) as RoomInfo;

/** The room as the request's session sees it; `{ unavailable }` when it exists but cannot be served now (the
 * server at capacity, its stored data unreadable), with the reason; `{ refusal }` when the session may not
 * see it; undefined when there is no such room. Other errors throw. */
export type RoomLookup = (id: string) => Promise<RoomInfo | { unavailable: string } | { refusal: string } | undefined>;
