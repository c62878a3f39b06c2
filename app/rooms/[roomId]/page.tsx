import { notFound } from "next/navigation";
import { ROOM_LOOKUP, type RoomLookup } from "../../../lib/roomInfo";
import { RoomEditor } from "../../components/room/RoomEditor";

export const dynamic = "force-dynamic";

export default async function RoomPage({ params }: { params: Promise<{ roomId: string }> }) {
  const { roomId } = await params;
  const lookup = (globalThis as Record<symbol, unknown>)[ROOM_LOOKUP] as RoomLookup | undefined;
  const room = await lookup?.(roomId);
  if (!room) notFound();
  // the room exists but cannot be served now (the server is at capacity, its stored data unreadable)
  if ("unavailable" in room) return <RoomUnavailable roomId={roomId} reason={room.unavailable} />;
  return <RoomEditor room={room} />;
}

function RoomUnavailable({ roomId, reason }: { roomId: string; reason: string }) {
  return (
    <main className="notfound">
      <h1>Room unavailable</h1>
      <p>This room cannot be opened right now: {reason}. Nothing in it is lost; try again in a minute.</p>
      <p>
        <a href={`/rooms/${encodeURIComponent(roomId)}`}>Try again</a>
      </p>
    </main>
  );
}
