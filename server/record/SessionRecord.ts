/**
 * The session record of witness sessions: every change, every face shown to the witness and each pick,
 * snapshots, link creations and revocations, the model version. Append-only: entries are chained
 * (recordChain.ts) in memory at once, in order, and written in batches; nothing edits or deletes them.
 */
import {
  chain,
  genesisHash,
  RECORD_FORMAT,
  type RecordDraft,
  type RecordEntry,
  type RecordExport,
} from "./recordChain";

/** Where entries are kept (server/db/RecordStore.ts); without one, in memory for the process's life. */
export interface RecordStorage {
  append(roomId: string, entries: RecordEntry[]): Promise<void>;
  /** the room's entries, oldest first */
  list(roomId: string): Promise<RecordEntry[]>;
  last(roomId: string): Promise<RecordEntry | null>;
}

export class MemoryRecordStorage implements RecordStorage {
  private readonly rooms = new Map<string, RecordEntry[]>();
  async append(roomId: string, entries: RecordEntry[]): Promise<void> {
    this.rooms.set(roomId, [...(this.rooms.get(roomId) ?? []), ...entries]);
  }
  async list(roomId: string): Promise<RecordEntry[]> {
    return [...(this.rooms.get(roomId) ?? [])];
  }
  async last(roomId: string): Promise<RecordEntry | null> {
    return this.rooms.get(roomId)?.at(-1) ?? null;
  }
}

/** Changes by one person this close together are one entry (a burst of key presses, one drag). */
export const BURST_MS = 1000;

/** A burst being gathered: appended when it ends, or before any other entry of its room. */
interface Burst {
  key: string;
  draft: RecordDraft;
  at: Date;
  timer: NodeJS.Timeout;
}

interface Chain {
  head: { seq: number; hash: string };
  pending: RecordEntry[];
  writing: Promise<void>;
}

export class SessionRecord {
  private readonly chains = new Map<string, Promise<Chain>>();
  private readonly bursts = new Map<string, Burst>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly storage: RecordStorage = new MemoryRecordStorage(),
    private readonly log: (line: string) => void = () => {},
    private readonly flushMs = 100,
  ) {}

  private chainOf(roomId: string): Promise<Chain> {
    let c = this.chains.get(roomId);
    if (!c) {
      c = this.storage.last(roomId).then((last) => ({
        head: last ?? { seq: -1, hash: genesisHash(roomId) },
        pending: [],
        writing: Promise.resolve(),
      }));
      this.chains.set(roomId, c);
      c.catch(() => this.chains.delete(roomId));
    }
    return c;
  }

  /** Whether the room has a record (a witness session began in it). */
  async recording(roomId: string): Promise<boolean> {
    return (await this.chainOf(roomId)).head.seq >= 0;
  }

  /** Appends an entry; its place in the chain is fixed by the order of the calls. */
  append(roomId: string, draft: RecordDraft): Promise<RecordEntry> {
    void this.endBurst(roomId);
    return this.chained(roomId, draft, new Date());
  }

  /**
   * Appends an entry that may be one of a burst: while the same `key` (who acted) appends again within
   * BURST_MS, `merge` folds the entries into one, appended when the burst ends (then, or before any other
   * entry of the room), dated when it began.
   */
  appendBurst(
    roomId: string,
    key: string,
    draft: RecordDraft,
    merge: (earlier: RecordDraft, later: RecordDraft) => RecordDraft,
  ) {
    const burst = this.bursts.get(roomId);
    if (burst?.key === key) {
      clearTimeout(burst.timer);
      burst.draft = merge(burst.draft, draft);
      burst.timer = this.burstTimer(roomId);
      return;
    }
    void this.endBurst(roomId);
    this.bursts.set(roomId, { key, draft, at: new Date(), timer: this.burstTimer(roomId) });
  }

  private burstTimer(roomId: string): NodeJS.Timeout {
    return setTimeout(() => void this.endBurst(roomId), BURST_MS);
  }

  private endBurst(roomId: string): Promise<unknown> {
    const burst = this.bursts.get(roomId);
    if (!burst) return Promise.resolve();
    clearTimeout(burst.timer);
    this.bursts.delete(roomId);
    return this.chained(roomId, burst.draft, burst.at).catch((error: unknown) =>
      this.log(`session record not written: ${(error as Error).message}`),
    );
  }

  private chained(roomId: string, draft: RecordDraft, at: Date): Promise<RecordEntry> {
    // callbacks on one promise run in the order they were added: the chain keeps the order of the calls
    return this.chainOf(roomId).then((ch) => {
      const entry = chain(ch.head, draft, at);
      ch.head = entry;
      ch.pending.push(entry);
      this.schedule();
      return entry;
    });
  }

  /** Appends only in a room that has a record (a witness session); a plain room keeps none. */
  async appendIfRecording(roomId: string, draft: RecordDraft): Promise<RecordEntry | null> {
    return (await this.recording(roomId)) ? this.append(roomId, draft) : null;
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flush().catch((error: unknown) => this.log(`session record not written: ${(error as Error).message}`));
    }, this.flushMs);
  }

  /** Writes every pending entry, bursts still being gathered included. */
  async flush(): Promise<void> {
    await Promise.all([...this.bursts.keys()].map((roomId) => this.endBurst(roomId)));
    for (const [roomId, c] of this.chains) {
      const ch = await c.catch(() => null);
      if (!ch) continue;
      ch.writing = ch.writing.then(async () => {
        const batch = ch.pending.splice(0);
        if (batch.length === 0) return;
        try {
          await this.storage.append(roomId, batch);
        } catch (error) {
          // kept for the next flush, in order
          ch.pending.unshift(...batch);
          throw error;
        }
      });
      await ch.writing;
    }
  }

  /** The room's record as exported (everything appended so far, written first). */
  async export(roomId: string): Promise<RecordExport> {
    await this.chainOf(roomId);
    await this.flush();
    const entries = await this.storage.list(roomId);
    return {
      format: RECORD_FORMAT,
      roomId,
      exportedAt: new Date().toISOString(),
      entries,
      finalHash: entries.at(-1)?.hash ?? genesisHash(roomId),
    };
  }

  /** Forgets a room's chain head (it left memory), once its entries are written. */
  async forget(roomId: string): Promise<void> {
    await this.flush();
    this.chains.delete(roomId);
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
