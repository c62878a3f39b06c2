/**
 * npm run record:verify -- <record.json>: checks a session record's hash chain (exported from a witness
 * session). Exit 0 when every entry follows the one before and none was altered; 1, naming the first
 * broken entry, otherwise.
 */
import { readFile } from "node:fs/promises";
import { type RecordExport, verifyRecord } from "../server/record/recordChain";
import { parseCli, UsageError } from "./cli";

const { positionals } = parseCli({
  command: "npm run record:verify --",
  summary: "Checks the hash chain of a witness session's record (its JSON export).",
  options: {},
  positionals: "<record.json>",
});
const [file] = positionals;
if (file === undefined || positionals.length > 1) throw new UsageError("name one record file");
let record: RecordExport;
try {
  record = JSON.parse(await readFile(file, "utf8")) as RecordExport;
} catch (error) {
  console.error(`record:verify: ${file}: ${(error as Error).message}`);
  process.exit(1);
}
const problem = Array.isArray(record.entries) ? verifyRecord(record) : "no entries list: not a record export";
if (problem) {
  console.error(`record:verify: ${file}: BROKEN at ${problem}`);
  process.exit(1);
}
console.log(
  `record:verify: ${file}: the chain holds (${record.entries.length} entries, room ${record.roomId}, final hash ${record.finalHash})`,
);
