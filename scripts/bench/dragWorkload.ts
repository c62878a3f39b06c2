/**
 * Rooms where people take turns dragging, as in a co-editing session: in each room one client drags
 * its slider for DRAG_MS (a move each tick), then the room is still for PAUSE_MS, then the next client
 * drags. Mode "drags": every page takes the server's frame of every state (as before local drawing);
 * mode "local": every page says it draws faces itself, so the server draws only the state a drag ends
 * on, once it has been still for SETTLE_MS, and only those states' latencies are counted.
 */
export const DRAG_MS = 600;
export const PAUSE_MS = 600;

/**
 * `move(c, last)`: client c of the room moves its slider; `last`: the drag ends with this move. `phase`
 * (0..1): where in its turn the room starts: rooms spread over the turn, as people in different rooms
 * do not drag in step.
 */
export function dragTurns(clients: number, hz: number, phase: number, move: (client: number, last: boolean) => void) {
  const dragTicks = Math.max(1, Math.round((DRAG_MS * hz) / 1000));
  const period = dragTicks + Math.max(1, Math.round((PAUSE_MS * hz) / 1000));
  let tick = Math.floor(phase * period);
  return () => {
    const at = tick % period;
    const client = Math.floor(tick / period) % clients;
    tick++;
    if (at < dragTicks) move(client, at === dragTicks - 1);
  };
}
