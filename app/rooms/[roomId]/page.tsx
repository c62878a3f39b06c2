import { notFound } from "next/navigation";
import { ROOM_LOOKUP, type RoomLookup } from "../../../lib/roomInfo";
import { RoomEditor } from "../../components/room/RoomEditor";

export const dynamic = "force-dynamic";

export default async function RoomPage({ params }: { params: Promise<{ roomId: string }> }) {
  const { roomId } = await params;
  const lookup = (globalThis as Record<symbol, unknown>)[ROOM_LOOKUP] as RoomLookup | undefined;
  const room = await lookup?.(roomId);
  if (!room) notFound();
  return <RoomEditor room={room} />;
}
