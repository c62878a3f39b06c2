/**
 * The session record's hash chain: each entry's hash covers its content and the hash before it, starting
 * from a hash of the room's id, so an entry cannot be altered, removed, reordered or moved to another
 * room without every later hash changing. Used by the server and by `npm run record:verify`.
 */
import { createHash } from "node:crypto";

export const RECORD_FORMAT = "likeness-record/1";

export const RECORD_KINDS = [
  "session:start",
  "change",
  "settings",
  "array:shown",
  "array:pick",
  "snapshot",
  "link:create",
  "link:revoke",
  "model",
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** What is appended; seq, time and hashes are the chain's. */
export interface RecordDraft {
  kind: RecordKind;
  /** the link id that acted ("plain link" for a plain room's link, "server" for the server's own) */
  actor: string;
  role: string;
  data: unknown;
}

export interface RecordEntry extends RecordDraft {
  seq: number;
  /** ISO time */
  at: string;
  prevHash: string;
  hash: string;
}

export interface RecordExport {
  format: typeof RECORD_FORMAT;
  roomId: string;
  exportedAt: string;
  entries: RecordEntry[];
  /** the last entry's hash (the genesis hash of an empty record) */
  finalHash: string;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** JSON with object keys sorted at every level: one text for one content. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

export const genesisHash = (roomId: string) => sha256(`${RECORD_FORMAT} ${roomId}`);

export function entryHash(prevHash: string, e: Omit<RecordEntry, "hash" | "prevHash">): string {
  const { seq, at, kind, actor, role, data } = e;
  return sha256(`${prevHash}\n${canonicalJson({ seq, at, kind, actor, role, data })}`);
}

/** The next entry of a chain whose last entry had `seq` and `hash`. */
export function chain(prev: { seq: number; hash: string }, draft: RecordDraft, at: Date): RecordEntry {
  const entry = { ...draft, seq: prev.seq + 1, at: at.toISOString() };
  return { ...entry, prevHash: prev.hash, hash: entryHash(prev.hash, entry) };
}

/** Checks an export's chain: null when it holds, else the first problem in words. */
export function verifyRecord(record: RecordExport): string | null {
  if (record.format !== RECORD_FORMAT) return `not a ${RECORD_FORMAT} export`;
  let prev = { seq: -1, hash: genesisHash(record.roomId) };
  for (const e of record.entries) {
    if (e.seq !== prev.seq + 1)
      return `entry ${e.seq}: expected entry ${prev.seq + 1} (one is missing or out of order)`;
    if (e.prevHash !== prev.hash) return `entry ${e.seq}: it does not follow the entry before it`;
    if (entryHash(prev.hash, e) !== e.hash) return `entry ${e.seq}: its content was altered`;
    prev = e;
  }
  if (record.finalHash !== prev.hash) return "the final hash does not match the last entry";
  return null;
}
