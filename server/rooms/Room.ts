/**
 * One room in memory: its Yjs document and awareness, the sockets syncing it, and validation of every
 * update before it touches the document. Invalid data never reaches the document.
 */
import { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { documentProblems, readSliders, sliderStore } from "../../lib/roomDocument";

export class InvalidUpdateError extends Error {
  constructor(problem: string) {
    super(`invalid update: ${problem}`);
    this.name = "InvalidUpdateError";
  }
}

/**
 * The most a room's document may hold, encoded. Sliders are pruned as they change: 300 editing sessions
 * of 300 changes each come to about 10 KB, so only an abuse of the format comes near this.
 */
export const MAX_DOCUMENT_BYTES = 1024 * 1024;

export class Room {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness: Awareness;
  /** which connection announced each awareness client id: no one else may change that presence */
  readonly presenceOwners = new Map<number, unknown>();
  /** bumps on every accepted change of the sliders */
  version = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly id: string,
    readonly latent: number,
  ) {
    this.awareness = new Awareness(this.doc);
    this.awareness.setLocalState(null);
    // keep the YKeyValue pruning active on the server's copy too
    sliderStore(this.doc);
    this.doc.on("update", () => {
      this.version++;
      for (const listener of this.listeners) listener();
    });
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  sliders(): Float64Array {
    return readSliders(this.doc, this.latent);
  }

  /** Applies a client's update after checking the document it would produce; throws InvalidUpdateError. */
  applyClientUpdate(update: Uint8Array, origin: unknown): void {
    const state = Y.encodeStateAsUpdate(this.doc);
    // the merged document is at most the two encodings together: no second encoding on every update
    if (state.byteLength + update.byteLength > MAX_DOCUMENT_BYTES)
      throw new InvalidUpdateError(`the room's document would exceed ${MAX_DOCUMENT_BYTES} bytes`);
    const probe = new Y.Doc();
    try {
      Y.applyUpdate(probe, state);
      Y.applyUpdate(probe, update);
    } catch (error) {
      throw new InvalidUpdateError(`not a Yjs update (${(error as Error).message.slice(0, 60)})`);
    }
    if (probe.store.pendingStructs || probe.store.pendingDs)
      throw new InvalidUpdateError("it depends on changes the room does not have");
    let problems = documentProblems(probe, this.latent);
    probe.destroy();
    if (problems.length > 0) {
      // a room saved under a model with more components keeps those sliders (stored, never read): an
      // update is refused for the unknown sliders it brings, not for the ones the room already had
      const carried = new Set(documentProblems(this.doc, this.latent).filter((p) => p.startsWith("unknown slider")));
      problems = problems.filter((p) => !carried.has(p));
    }
    if (problems.length > 0) throw new InvalidUpdateError(problems.slice(0, 3).join("; "));
    Y.applyUpdate(this.doc, update, origin);
  }

  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
    this.listeners.clear();
  }
}
