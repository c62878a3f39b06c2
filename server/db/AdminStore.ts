/** The admin area's data: its audit log and the model versions' table. */
import type { Db } from "./database";
import { retryBusy } from "./retryBusy";

export interface AuditEntry {
  id: number;
  at: Date;
  action: string;
  detail: string;
  address: string;
}

export interface ModelVersionRow {
  version: string;
  dir: string;
  active: boolean;
  createdAt: Date;
  /** the model's manifest, as registered */
  manifest: unknown;
  /** rooms created on it */
  rooms: number;
  /** the admin's component names */
  names: Record<string, string>;
}

export class AdminStore {
  constructor(private readonly db: Db) {}

  async audit(action: string, detail: string, address: string): Promise<void> {
    await retryBusy(() => this.db.adminAudit.create({ data: { action, detail, address } }));
  }

  async auditLog(limit = 100): Promise<AuditEntry[]> {
    return this.db.adminAudit.findMany({ orderBy: { id: "desc" }, take: limit });
  }

  async setComponentNames(version: string, names: Record<string, string>): Promise<void> {
    await retryBusy(() => this.db.modelVersion.update({ where: { version }, data: { labels: JSON.stringify(names) } }));
  }

  /** Forgets a version (its files are the caller's to remove). */
  async deleteModelVersion(version: string): Promise<void> {
    await retryBusy(() => this.db.modelVersion.delete({ where: { version } }));
  }

  async modelVersions(): Promise<ModelVersionRow[]> {
    const [rows, counts] = await Promise.all([
      this.db.modelVersion.findMany({ orderBy: { createdAt: "desc" } }),
      this.db.room.groupBy({ by: ["modelVersion"], _count: { _all: true } }),
    ]);
    const rooms = new Map(counts.map((c) => [c.modelVersion, c._count._all]));
    return rows.map((r) => ({
      version: r.version,
      dir: r.dir,
      active: r.active,
      createdAt: r.createdAt,
      manifest: JSON.parse(r.manifest) as unknown,
      rooms: rooms.get(r.version) ?? 0,
      names: JSON.parse(r.labels) as Record<string, string>,
    }));
  }
}
