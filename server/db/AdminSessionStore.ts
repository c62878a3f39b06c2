/**
 * The admin area's logins: session rows (keyed by the SHA-256 of the cookie's token), the admin
 * credential (one row) and the browsers admins logged in from (the SHA-256 of their device cookie).
 */
import type { Db } from "./database";
import { retryBusy } from "./retryBusy";

export interface AdminSessionRow {
  id: string;
  csrf: string;
  createdAt: Date;
  seenAt: Date;
  revokedAt: Date | null;
  revokedWhy: string;
  address: string;
  agent: string;
}

export interface StoredCredential {
  salt: Buffer;
  hash: Buffer;
  /** the scrypt fingerprint of the ADMIN_PASSWORD this credential was set after */
  envSalt: Buffer;
  envHash: Buffer;
  changedAt: Date;
}

const hex = (b: Buffer) => b.toString("hex");
const bytes = (s: string) => Buffer.from(s, "hex");

export class AdminSessionStore {
  constructor(private readonly db: Db) {}

  async credential(): Promise<StoredCredential | null> {
    const row = await this.db.adminCredential.findUnique({ where: { id: 1 } });
    return row
      ? {
          salt: bytes(row.salt),
          hash: bytes(row.hash),
          envSalt: bytes(row.envSalt),
          envHash: bytes(row.envHash),
          changedAt: row.changedAt,
        }
      : null;
  }

  async setCredential(c: Omit<StoredCredential, "changedAt">): Promise<void> {
    const data = { salt: hex(c.salt), hash: hex(c.hash), envSalt: hex(c.envSalt), envHash: hex(c.envHash) };
    await retryBusy(() =>
      this.db.adminCredential.upsert({
        where: { id: 1 },
        create: { id: 1, ...data },
        update: { ...data, changedAt: new Date() },
      }),
    );
  }

  async create(row: Pick<AdminSessionRow, "id" | "csrf" | "address" | "agent">): Promise<void> {
    await retryBusy(() => this.db.adminSession.create({ data: row }));
  }

  async session(id: string): Promise<AdminSessionRow | null> {
    return this.db.adminSession.findUnique({ where: { id } });
  }

  async touch(id: string): Promise<void> {
    await retryBusy(() => this.db.adminSession.updateMany({ where: { id }, data: { seenAt: new Date() } }));
  }

  /** Revokes one session, or every live one (but `except`); the number revoked. */
  async revoke(why: string, which: { id: string } | { except?: string }): Promise<number> {
    const where =
      "id" in which
        ? { id: which.id, revokedAt: null }
        : { revokedAt: null, ...(which.except ? { NOT: { id: which.except } } : {}) };
    const { count } = await retryBusy(() =>
      this.db.adminSession.updateMany({ where, data: { revokedAt: new Date(), revokedWhy: why } }),
    );
    return count;
  }

  /** Sessions not revoked and seen since `seenSince`, newest first. */
  async live(seenSince: Date, createdSince: Date): Promise<AdminSessionRow[]> {
    return this.db.adminSession.findMany({
      where: { revokedAt: null, seenAt: { gte: seenSince }, createdAt: { gte: createdSince } },
      orderBy: { seenAt: "desc" },
      take: 100,
    });
  }

  /** Forgets sessions created before `before` (long expired). */
  async prune(before: Date): Promise<void> {
    await retryBusy(() => this.db.adminSession.deleteMany({ where: { createdAt: { lt: before } } }));
  }

  async addDevice(id: string): Promise<void> {
    await retryBusy(() => this.db.adminDevice.upsert({ where: { id }, create: { id }, update: {} }));
  }

  async knownDevice(id: string): Promise<boolean> {
    return (await this.db.adminDevice.findUnique({ where: { id } })) !== null;
  }
}
