/**
 * A worker thread that owns the process's one SQLite connection (sqliteThread.ts): runs the statements
 * it is asked, in order, one transaction at a time. SQLite's calls block (a commit waits for fsync); here
 * they block this thread, not the server's event loop. A transaction runs on the same connection (the
 * client's own transactions would each open another); a statement outside it
 * that arrives while it is open waits for it to end, so it never runs inside another's transaction.
 */

import { workerData } from "node:worker_threads";
import { type Client, createClient, type InStatement, type TransactionMode } from "@libsql/client";
import { serveRequests } from "../../facemodel/runtime/workerChannel";

export type SqlRequest =
  | { op: "execute"; stmt: InStatement; tx?: number }
  | { op: "executeMultiple"; sql: string }
  | { op: "begin"; mode: TransactionMode }
  | { op: "commit" | "rollback"; tx: number }
  | { op: "close" };

/** A result set as it crosses threads: rows as plain arrays of values. */
export interface SqlResult {
  columns: string[];
  columnTypes: string[];
  rows: unknown[][];
  rowsAffected: number;
  lastInsertRowid: bigint | undefined;
}

/** What SQLite said, with the codes the Prisma adapter maps to its errors. */
export interface SqlFailure {
  message: string;
  code: string;
  rawCode?: number;
  extendedCode?: string;
}

export type SqlReply = { ok: SqlResult | number | null } | { failed: SqlFailure };

interface Open {
  id: number;
  end(): void;
}

interface State {
  client: Client;
  /** the transaction open now: only its own statements run until it ends */
  open: Open | null;
  nextTx: number;
  /** everything outside a transaction, and each transaction as a whole, in the order asked */
  queue: Promise<unknown>;
}

const { url } = workerData as { url: string };

function resultOf(result: Awaited<ReturnType<Client["execute"]>>): SqlResult {
  return {
    columns: result.columns,
    columnTypes: result.columnTypes,
    rows: result.rows.map((row) => Array.from(row)),
    rowsAffected: result.rowsAffected,
    lastInsertRowid: result.lastInsertRowid,
  };
}

function failureOf(error: unknown): SqlFailure {
  const e = error as { message?: string; code?: unknown; rawCode?: unknown; extendedCode?: unknown };
  return {
    message: String(e.message ?? error),
    code: typeof e.code === "string" ? e.code : "UNKNOWN",
    rawCode: typeof e.rawCode === "number" ? e.rawCode : undefined,
    extendedCode: typeof e.extendedCode === "string" ? e.extendedCode : undefined,
  };
}

/** Runs `work` after everything asked before it outside a transaction, and after their transactions. */
function inTurn<T>(state: State, work: () => Promise<T>): Promise<T> {
  const done = state.queue.then(work);
  state.queue = done.catch(() => {});
  return done;
}

function openTransaction(state: State, id: number | undefined): Open {
  if (id === undefined || state.open?.id !== id)
    throw Object.assign(new Error("The transaction is closed"), { code: "TRANSACTION_CLOSED" });
  return state.open;
}

const BEGIN: Record<TransactionMode, string> = { write: "BEGIN IMMEDIATE", read: "BEGIN", deferred: "BEGIN DEFERRED" };

/** Starts a transaction in turn; the turn is held until it commits or rolls back. */
function begin(state: State, mode: TransactionMode): Promise<number> {
  return new Promise<number>((started, failed) => {
    inTurn(state, async () => {
      try {
        await state.client.execute(BEGIN[mode]);
      } catch (error) {
        return failed(error);
      }
      const id = state.nextTx++;
      await new Promise<void>((end) => {
        state.open = { id, end };
        started(id);
      });
    });
  });
}

async function end(state: State, op: "commit" | "rollback", id: number): Promise<null> {
  const open = openTransaction(state, id);
  try {
    await state.client.execute(op === "commit" ? "COMMIT" : "ROLLBACK");
  } catch (error) {
    // a commit that failed (busy, disk full) leaves the transaction open: nothing of it is kept
    await state.client.execute("ROLLBACK").catch(() => {});
    if (op === "commit") throw error;
  } finally {
    state.open = null;
    open.end();
  }
  return null;
}

async function run(request: SqlRequest, state: State): Promise<SqlResult | number | null> {
  switch (request.op) {
    case "execute":
      if (request.tx !== undefined) {
        openTransaction(state, request.tx);
        return resultOf(await state.client.execute(request.stmt));
      }
      return inTurn(state, async () => resultOf(await state.client.execute(request.stmt)));
    case "executeMultiple":
      await inTurn(state, () => state.client.executeMultiple(request.sql));
      return null;
    case "begin":
      return begin(state, request.mode);
    case "commit":
    case "rollback":
      return end(state, request.op, request.tx);
    case "close":
      return inTurn(state, async () => {
        state.client.close();
        return null;
      });
  }
}

await serveRequests<SqlRequest, SqlReply, State>(
  async () => {
    // no busy timeout: a lock another process holds is answered at once (SQLITE_BUSY), and the stores
    // wait and retry without holding this thread, whose queue every statement of the process shares
    const client = createClient({ url });
    return { state: { client, open: null, nextTx: 1, queue: Promise.resolve() }, ready: null };
  },
  async (request, state) => {
    try {
      return { ok: await run(request, state) };
    } catch (error) {
      return { failed: failureOf(error) };
    }
  },
);
