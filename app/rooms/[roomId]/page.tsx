import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { decodeRoomHeader, ROOM_HEADER } from "../../../lib/roomInfo";
import { RoomEditor } from "../../components/room/RoomEditor";

export const dynamic = "force-dynamic";

/** The server looked the room up (server/http/roomPageGuard.ts) and answered itself when it cannot be shown. */
export default async function RoomPage() {
  const raw = (await headers()).get(ROOM_HEADER);
  if (!raw) notFound();
  return <RoomEditor room={decodeRoomHeader(raw)} />;
}
