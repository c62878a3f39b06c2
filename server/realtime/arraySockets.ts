/** The face array's socket events: a new round (show) and a pick, each allowed by the session's role. */
import { ARRAY_EVENTS, type ArrayRound, pickSchema, showSchema } from "../../lib/arrayProtocol";
import { seesBlurred } from "../../lib/sessionSettings";
import { ArrayError, type FaceArrays, type ServerRound } from "../arrays/FaceArrays";
import type { Gate } from "../sessions/session";
import { roomChannel, type SocketEvents } from "./frameSockets";

export function arraySockets(arrays: FaceArrays, gate: Gate): SocketEvents {
  return (socket, joined, fail) => {
    const run = (work: () => Promise<void>) =>
      work().catch((error: unknown) =>
        fail({
          code: error instanceof ArrayError ? "invalid" : "unavailable",
          message: (error as Error).message,
        }),
      );
    const broadcast = (event: string, payload: { roomId: string }) =>
      socket.nsp.to(roomChannel(payload.roomId)).emit(event, payload);
    /** every member gets the round; those who see the external features blurred get its blurred faces */
    const sendRound = async ({ blur, ...round }: ServerRound) => {
      const variant = (blurredView: boolean): ArrayRound => ({
        ...round,
        faces: round.faces.map(({ blurred, ...f }) => (blurredView && blurred ? { ...f, jpeg: blurred } : f)),
      });
      const sharp = variant(false);
      const blurred = blur === "off" ? sharp : variant(true);
      for (const member of await socket.nsp.in(roomChannel(round.roomId)).fetchSockets())
        member.emit(ARRAY_EVENTS.round, seesBlurred(blur, String(member.data.role)) ? blurred : sharp);
    };
    socket.on(ARRAY_EVENTS.show, (payload: unknown) =>
      run(async () => {
        const parsed = showSchema.safeParse(payload ?? {});
        if (!parsed.success) return fail({ code: "invalid", message: "invalid array request" });
        const j = joined();
        if (!j) return fail({ code: "invalid", message: "join a room first" });
        if (!gate.may(j.session, "array:show")) return fail({ code: "forbidden", message: "not allowed: array:show" });
        await sendRound(await arrays.show(j.entry, j.session, parsed.data));
      }),
    );
    socket.on(ARRAY_EVENTS.pick, (payload: unknown) =>
      run(async () => {
        const parsed = pickSchema.safeParse(payload);
        if (!parsed.success) return fail({ code: "invalid", message: "invalid pick" });
        const j = joined();
        if (!j) return fail({ code: "invalid", message: "join a room first" });
        if (!gate.may(j.session, "array:pick")) return fail({ code: "forbidden", message: "not allowed: array:pick" });
        const { round, index } = parsed.data;
        const picked = await arrays.pick(j.entry, j.session, round, index);
        broadcast(ARRAY_EVENTS.picked, picked);
        // the next round varies around the face chosen (or the same face again, after "none of these")
        const center = index === null ? undefined : arrays.picked(j.entry.room.id, index);
        await sendRound(await arrays.show(j.entry, j.session, { center }));
      }),
    );
  };
}
