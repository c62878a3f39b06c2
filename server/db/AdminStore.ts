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
  /** its decoder may be sent to browsers */
  localDrawing: boolean;
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

  async setLocalDrawing(version: string, allowed: boolean): Promise<void> {
    await retryBusy(() => this.db.modelVersion.update({ where: { version }, data: { localDrawing: allowed } }));
  }

  /** Forgets a version (its files are the caller's to remove). */
  async deleteModelVersion(version: string): Promise<void> {
    await retryBusy(() => this.db.modelVersion.delete({ where: { version } }));
  }

  /** One version, or undefined when none is registered under that name. */
  async modelVersion(version: string): Promise<ModelVersionRow | undefined> {
    const [row, rooms] = await Promise.all([
      this.db.modelVersion.findUnique({ where: { version } }),
      this.db.room.count({ where: { modelVersion: version } }),
    ]);
    return row ? toRow(row, rooms) : undefined;
  }

  async modelVersions(): Promise<ModelVersionRow[]> {
    const [rows, counts] = await Promise.all([
      this.db.modelVersion.findMany({ orderBy: { createdAt: "desc" } }),
      this.db.room.groupBy({ by: ["modelVersion"], _count: { _all: true } }),
    ]);
    const rooms = new Map(counts.map((c) => [c.modelVersion, c._count._all]));
    return rows.map((r) => toRow(r, rooms.get(r.version) ?? 0));
  }
}

type StoredVersion = NonNullable<Awaited<ReturnType<Db["modelVersion"]["findUnique"]>>>;

const toRow = (r: StoredVersion, rooms: number): ModelVersionRow => ({
  version: r.version,
  dir: r.dir,
  active: r.active,
  createdAt: r.createdAt,
  manifest: JSON.parse(r.manifest) as unknown,
  rooms,
  names: JSON.parse(r.labels) as Record<string, string>,
  localDrawing: r.localDrawing,
});
