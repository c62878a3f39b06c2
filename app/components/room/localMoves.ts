/**
 * The sliders this tab moved that the room may not have received yet: those moved while offline, and those
 * moved in the last moments before the connection closed. When the room's document is rewritten (a reset),
 * the tab starts again from the room's new document and sets these again, so no move of its own is lost.
 */
export const IN_FLIGHT_MS = 2000;

export class LocalMoves {
  private readonly moves = new Map<number, { at: number; offline: boolean }>();

  note(component: number, online: boolean, now = performance.now()): void {
    const offline = !online || (this.moves.get(component)?.offline ?? false);
    this.moves.set(component, { at: now, offline });
  }

  /** The room has the tab's document as it is now (a sync): nothing is pending any more. */
  confirmed(): void {
    this.moves.clear();
  }

  /**
   * What a reset carries into the next document: the values of the components moved while offline or
   * in flight, and of those still waiting to be written (`pending`, emptied: they go with the carry).
   */
  carry(values: Float64Array, pending: Map<number, number>): Map<number, number> {
    for (const [k, v] of pending) values[k] = v;
    const carried = new Map(
      [...new Set([...this.unconfirmed(), ...pending.keys()])].map((k) => [k, values[k] as number]),
    );
    pending.clear();
    return carried;
  }

  /** Components moved while offline or within IN_FLIGHT_MS of `now`. */
  unconfirmed(now = performance.now()): number[] {
    return [...this.moves].filter(([, m]) => m.offline || now - m.at < IN_FLIGHT_MS).map(([k]) => k);
  }
}
