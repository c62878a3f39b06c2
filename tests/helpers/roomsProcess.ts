/**
 * The rooms server alone (scripts/bench/roomServer.ts: no web pages) as a child process on the tiny
 * model and a real SQLite file, for tests that kill it or take its disk away.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import { tinyModelDir } from "./tinyModel";

export interface RoomsProcess {
  url: string;
  child: ChildProcess;
  output: string[];
  /** resolves with the exit code (null when killed by a signal) */
  exited: Promise<number | null>;
}

export async function startRoomsProcess(databaseUrl: string): Promise<RoomsProcess> {
  const root = resolve(import.meta.dirname, "..", "..");
  const args = [
    "--import",
    "tsx",
    "scripts/bench/roomServer.ts",
    "--model",
    await tinyModelDir(),
    "--database",
    databaseUrl,
  ];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  const url = await new Promise<string>((done, fail) => {
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const m = /serving at (\S+)/.exec(output.join(""));
      if (m) done(m[1] as string);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then((code) => fail(new Error(`rooms server exited with ${code}:\n${output.join("")}`)));
  });
  return { url, child, output, exited };
}
