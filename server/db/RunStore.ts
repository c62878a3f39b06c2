/** Datasets and background runs (making a dataset, training a model) in the database. */
import type { RunKind, RunStatus } from "../../lib/api/trainingApi";
import type { Db } from "./database";
import { retryBusy } from "./retryBusy";

export interface RunRow {
  id: string;
  kind: RunKind;
  status: RunStatus;
  datasetId: string | null;
  settings: string;
  progress: string;
  history: string;
  logTail: string;
  error: string | null;
  modelVersion: string | null;
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
}

export interface DatasetRow {
  id: string;
  name: string;
  count: number;
  hash: string;
  source: string;
  dir: string;
  createdAt: Date;
}

type RunChange = Partial<Omit<RunRow, "id" | "kind" | "createdAt">>;

export class RunStore {
  constructor(private readonly db: Db) {}

  async createRun(run: Pick<RunRow, "id" | "kind" | "datasetId" | "settings" | "history">): Promise<RunRow> {
    return (await retryBusy(() => this.db.trainingRun.create({ data: { ...run, status: "queued" } }))) as RunRow;
  }

  async update(id: string, change: RunChange): Promise<void> {
    await retryBusy(() => this.db.trainingRun.update({ where: { id }, data: change }));
  }

  async run(id: string): Promise<RunRow | null> {
    return (await this.db.trainingRun.findUnique({ where: { id } })) as RunRow | null;
  }

  async runs(limit = 50): Promise<RunRow[]> {
    return (await this.db.trainingRun.findMany({ orderBy: { createdAt: "desc" }, take: limit })) as RunRow[];
  }

  async nextQueued(): Promise<RunRow | null> {
    return (await this.db.trainingRun.findFirst({
      where: { status: "queued" },
      orderBy: { createdAt: "asc" },
    })) as RunRow | null;
  }

  /** Runs that were running when the server stopped: marked interrupted (they can be resumed). */
  async interruptRunning(): Promise<number> {
    const { count } = await retryBusy(() =>
      this.db.trainingRun.updateMany({
        where: { status: "running" },
        data: { status: "interrupted", endedAt: new Date(), error: "the server stopped while it ran" },
      }),
    );
    return count;
  }

  async createDataset(row: Omit<DatasetRow, "createdAt">): Promise<void> {
    await retryBusy(() => this.db.dataset.create({ data: row }));
  }

  async datasets(): Promise<DatasetRow[]> {
    return this.db.dataset.findMany({ orderBy: { createdAt: "desc" } });
  }

  async dataset(id: string): Promise<DatasetRow | null> {
    return this.db.dataset.findUnique({ where: { id } });
  }

  /** Deletes a dataset no queued or running run needs; false when one does. */
  async deleteDataset(id: string): Promise<boolean> {
    const busy = await this.db.trainingRun.count({ where: { datasetId: id, status: { in: ["queued", "running"] } } });
    if (busy > 0) return false;
    await retryBusy(() => this.db.dataset.delete({ where: { id } }));
    return true;
  }
}
