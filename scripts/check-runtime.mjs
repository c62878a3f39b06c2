// Checks that this Node satisfies the engines package.json declares, and that every runtime dependency
// (not the development tools) takes this Node too: a dependency that needs a newer Node fails here, in
// CI, not on a user's machine. Exit code 1 names each one.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";

const root = join(import.meta.dirname, "..");
const declared = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).engines.node;
const problems = [];
if (!semver.satisfies(process.version, declared)) problems.push(`this Node ${process.version} is not ${declared}`);
// npm ls exits 1 for problems it also reports in the JSON (an unmet optional peer); the tree is there
const listed = spawnSync("npm", ["ls", "--omit=dev", "--all", "--json", "--long"], {
  cwd: root,
  encoding: "utf8",
  maxBuffer: 512 * 2 ** 20,
});
if (!listed.stdout) {
  console.error(`runtime check: npm ls gave nothing: ${listed.error?.message ?? listed.stderr}`);
  process.exit(1);
}
const tree = JSON.parse(listed.stdout);
/** Reached through a runtime dependency but never loaded by the running product. */
const NOT_LOADED = {
  // the Prisma CLI, a peer of @prisma/client: it generates the client at install, and its `prisma dev`
  // server (@prisma/dev, which needs Node 22) is never started here
  prisma: "install-time code generation",
};
const seen = new Set();
const walk = (deps = {}) => {
  for (const [name, dep] of Object.entries(deps)) {
    if (name in NOT_LOADED) continue;
    const key = `${dep.name}@${dep.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const wants = dep.engines?.node;
    if (wants && !semver.satisfies(process.version, wants)) problems.push(`${key} needs Node ${wants}`);
    walk(dep.dependencies);
  }
};
walk(tree.dependencies);
if (problems.length > 0) {
  console.error(`runtime check failed:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`runtime: Node ${process.version} satisfies ${declared}, and so do ${seen.size} runtime packages`);
