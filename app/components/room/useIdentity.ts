"use client";

/**
 * Who this browser is in a room (its name and colour, read from the browser once the page is mounted),
 * and renaming it; the room joins the browser's recent rooms.
 */
import { useCallback, useEffect, useState } from "react";
import type { RoomInfo } from "../../../lib/roomInfo";
import { type Identity, loadIdentity, rememberRoom, saveIdentity } from "../identity";
import { roomKey } from "./roomKey";

export function useIdentity(room: RoomInfo): { identity: Identity; rename(name: string): void } {
  const [identity, setIdentity] = useState<Identity>({ name: "Guest", color: "#667085" });
  useEffect(() => {
    setIdentity(loadIdentity());
    rememberRoom({ id: room.id, name: room.name, key: roomKey() ?? undefined });
  }, [room]);
  const rename = useCallback(
    (name: string) => {
      const next = { ...identity, name };
      saveIdentity(next);
      setIdentity(next);
    },
    [identity],
  );
  return { identity, rename };
}
