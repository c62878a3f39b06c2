/** The face array's socket events: a new round (show) and a pick, each allowed by the session's role. */
import { ARRAY_EVENTS, type ArrayRound, currentSchema, pickSchema, showSchema } from "../../lib/arrayProtocol";
import { seesBlurred } from "../../lib/sessionSettings";
import { ArrayError, type FaceArrays, type ServerRound } from "../arrays/FaceArrays";
import type { Gate } from "../sessions/session";
import { roomChannel, type SocketEvents } from "./frameSockets";

/** The round as a member of this role sees it: the blurred faces for those who see the external features blurred. */
function roundFor({ blur, ...round }: ServerRound, role: string): ArrayRound {
  const blurredView = seesBlurred(blur, role);
  return {
    ...round,
    faces: round.faces.map(({ blurred, ...f }) => (blurredView && blurred ? { ...f, jpeg: blurred } : f)),
  };
}

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
    const sendRound = async (round: ServerRound) => {
      for (const member of await socket.nsp.in(roomChannel(round.roomId)).fetchSockets())
        member.emit(ARRAY_EVENTS.round, roundFor(round, String(member.data.role)));
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
        const picked = await arrays.pick(j.entry, j.session, parsed.data.round, parsed.data.picks);
        broadcast(ARRAY_EVENTS.picked, picked);
        // the next round varies around the face the picks made (or the same face again, after "none of these")
        const center = picked.sliders ? Float64Array.from(picked.sliders) : undefined;
        await sendRound(await arrays.show(j.entry, j.session, { center }));
      }),
    );
    // the round on screen, for a page that joined while it is shown (a witness reopening the link): the
    // same faces, none counted again
    socket.on(ARRAY_EVENTS.current, (payload: unknown) => {
      if (!currentSchema.safeParse(payload ?? {}).success) return fail({ code: "invalid", message: "invalid request" });
      const j = joined();
      if (!j) return fail({ code: "invalid", message: "join a room first" });
      const round = arrays.onScreen(j.entry.room.id);
      if (round) socket.emit(ARRAY_EVENTS.round, roundFor(round, j.session.role));
    });
  };
}
