/**
 * The Prisma libsql adapter over one SQLite connection on a thread of its own (sqliteWorker.ts). Every
 * statement of the process goes through that connection, the room log's group commit included: no two
 * connections of ours contend for SQLite's locks, and a commit's fsync never blocks the event loop.
 *
 * The adapter asks a libsql `Client` for execute, executeMultiple, transaction and close; this client
 * answers those from the thread, with libsql's own errors (their codes are what the adapter maps).
 */
import { type Client, type InStatement, LibsqlError, type ResultSet, type TransactionMode } from "@libsql/client";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { WorkerChannel } from "../../facemodel/runtime/workerChannel";
import { siblingModule } from "../../facemodel/runtime/workerSource";
import type { SqlReply, SqlRequest, SqlResult } from "./sqliteWorker";

type Thread = WorkerChannel<SqlRequest, SqlReply>;

async function ask(thread: Thread, request: SqlRequest): Promise<SqlResult | number | null> {
  const reply = await thread.request(request);
  if ("ok" in reply) return reply.ok;
  const { message, code, extendedCode, rawCode } = reply.failed;
  throw new LibsqlError(message, code, extendedCode, rawCode);
}

/** The adapter reads rows by index: plain arrays serve (libsql's rows also read by column name). */
function resultSet(result: SqlResult): ResultSet {
  return { ...result, toJSON: () => result } as unknown as ResultSet;
}

async function execute(thread: Thread, stmt: InStatement, tx?: number): Promise<ResultSet> {
  return resultSet((await ask(thread, { op: "execute", stmt, tx })) as SqlResult);
}

class ThreadTransaction {
  closed = false;

  constructor(
    private readonly thread: Thread,
    private readonly id: number,
  ) {}

  execute(stmt: InStatement): Promise<ResultSet> {
    return execute(this.thread, stmt, this.id);
  }

  async commit(): Promise<void> {
    this.closed = true;
    await ask(this.thread, { op: "commit", tx: this.id });
  }

  async rollback(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await ask(this.thread, { op: "rollback", tx: this.id });
  }

  close(): void {
    void this.rollback().catch(() => {});
  }
}

class ThreadClient {
  closed = false;
  readonly protocol = "file";
  private readonly thread: Thread;

  constructor(url: string) {
    this.thread = new WorkerChannel(siblingModule("sqliteWorker", import.meta.url), "database thread", { url });
  }

  execute(stmt: InStatement): Promise<ResultSet> {
    return execute(this.thread, stmt);
  }

  async executeMultiple(sql: string): Promise<void> {
    await ask(this.thread, { op: "executeMultiple", sql });
  }

  async transaction(mode: TransactionMode = "write"): Promise<ThreadTransaction> {
    return new ThreadTransaction(this.thread, (await ask(this.thread, { op: "begin", mode })) as number);
  }

  /** Closes the connection once everything asked before is done, then ends the thread. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    void ask(this.thread, { op: "close" })
      .catch(() => {})
      .finally(() => this.thread.close());
  }
}

/** Prisma's libsql adapter factory, its client on the database thread. */
export class ThreadedLibSql extends PrismaLibSql {
  override createClient(config: { url: string }): Client {
    // the adapter calls only what ThreadClient has (execute, executeMultiple, transaction, close)
    return new ThreadClient(config.url) as unknown as Client;
  }
}
