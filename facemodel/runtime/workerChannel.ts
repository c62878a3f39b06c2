/**
 * One worker thread started from one of our modules (workerSource.ts), asked by request and answered by
 * id. The worker opens with one message (serveRequests below: what it started as, or why it could not).
 * The thread keeps the process alive only while a request is in flight, and while it ends (close); when
 * it fails or exits, every request in flight and every later one fails with the reason.
 */
import { parentPort, type Transferable, Worker } from "node:worker_threads";
import { workerSource } from "./workerSource";

type Opening<Ready> = { ready: Ready } | { failed: string };
type Reply<Res> = { id: number; result: Res } | { id: number; error: string };
type Request<Req> = { id: number; payload: Req };

export class WorkerChannel<Req, Res, Ready = unknown> {
  /** what the worker started as; rejects with why it could not */
  readonly ready: Promise<Ready>;
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(result: Res): void; reject(error: Error): void }>();
  private nextId = 0;
  private failure: Error | null = null;
  private closing = false;

  /** `name` says which thread in errors ("decoder thread", "face encoder"). */
  constructor(
    moduleUrl: URL,
    private readonly name: string,
    workerData?: unknown,
  ) {
    this.worker = new Worker(workerSource(moduleUrl), { eval: true, workerData });
    this.ready = new Promise<Ready>((resolve, reject) => {
      this.worker.on("message", (message: Opening<Ready> | Reply<Res>) => {
        if ("ready" in message) {
          this.idle();
          return resolve(message.ready);
        }
        if ("failed" in message) return reject(new Error(message.failed));
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        this.idle();
        if ("error" in message) waiter?.reject(new Error(message.error));
        else waiter?.resolve(message.result);
      });
      const fail = (error: Error) => {
        reject(error);
        this.failure ??= error;
        for (const waiter of this.pending.values()) waiter.reject(error);
        this.pending.clear();
      };
      this.worker.on("error", (error) => fail(new Error(`${name} failed: ${error.message}`)));
      this.worker.on("exit", (code) => fail(new Error(`${name} exited (code ${code})`)));
    });
    // a start that fails is reported to the requests that wait on it, not as an unhandled rejection
    this.ready.catch(() => {});
  }

  /** Requests in flight. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Why the thread can take no more requests, once it failed or exited. */
  get failed(): Error | null {
    return this.failure;
  }

  /** Sends `payload` (moving the buffers in `transfer`) and resolves with the worker's answer. */
  async request(payload: Req, transfer: Transferable[] = []): Promise<Res> {
    await this.ready;
    if (this.failure) throw this.failure;
    if (this.closing) throw new Error(`${this.name} is closed`);
    return new Promise<Res>((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, payload } satisfies Request<Req>, transfer);
    });
  }

  /** Ends the thread; the process is held until it has ended (a shutdown's last step may be this). */
  async close(): Promise<void> {
    this.closing = true;
    this.worker.ref();
    await this.worker.terminate();
  }

  private idle(): void {
    if (this.pending.size === 0 && !this.closing) this.worker.unref();
  }
}

/**
 * The worker's side: opens with what `start` made (or why it failed, and ends), then answers each request
 * with `handle`, moving the buffers `transfer` names in the answer.
 */
export async function serveRequests<Req, Res, State>(
  start: () => Promise<{ state: State; ready: unknown }>,
  handle: (payload: Req, state: State) => Promise<Res>,
  transfer: (result: Res) => Transferable[] = () => [],
): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error("serveRequests runs in a worker thread");
  let state: State;
  try {
    const started = await start();
    state = started.state;
    port.postMessage({ ready: started.ready } satisfies Opening<unknown>);
  } catch (error) {
    port.postMessage({ failed: (error as Error).message } satisfies Opening<unknown>);
    port.close();
    return;
  }
  port.on("message", ({ id, payload }: Request<Req>) => {
    handle(payload, state).then(
      (result) => port.postMessage({ id, result } satisfies Reply<Res>, transfer(result)),
      (error: unknown) => port.postMessage({ id, error: (error as Error).message } satisfies Reply<Res>),
    );
  });
}
