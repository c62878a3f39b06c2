// Writes prisma/postgres/schema.prisma from prisma/schema.prisma: the same models for PostgreSQL, whose
// client is generated into server/db/generated-postgres (a generated Prisma client serves one provider).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const here = import.meta.dirname;
const schema = readFileSync(join(here, "..", "schema.prisma"), "utf8");
const derived = schema
  .replace('output       = "../server/db/generated"', 'output       = "../../server/db/generated-postgres"')
  .replace('provider = "sqlite"', 'provider = "postgresql"');
if (!derived.includes("generated-postgres") || !derived.includes('"postgresql"'))
  throw new Error("prisma/schema.prisma changed its generator or datasource: update prisma/postgres/derive.mjs");
writeFileSync(
  join(here, "schema.prisma"),
  `// Generated from prisma/schema.prisma by prisma/postgres/derive.mjs: do not edit.\n${derived}`,
);
