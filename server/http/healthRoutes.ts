/**
 * For load balancers, orchestrators and monitors, saying nothing about the machine:
 * /api/health (liveness): the process answers; /api/ready (readiness): the active model is loaded and
 * every dependency (the database) answers within 2 s, else 503 naming what does not.
 */
import { databaseErrorLine } from "../db/databaseError";
import type { ModelRegistry } from "../render/ModelRegistry";
import { router } from "./router";
import { sendJson } from "./sendJson";

/** A dependency's check: resolves when it answers. */
export type ReadinessCheck = () => Promise<unknown>;

const CHECK_MS = 2000;

async function within(check: ReadinessCheck): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${CHECK_MS / 1000} s`)), CHECK_MS);
      }),
    ]);
    return "ok";
  } catch (error) {
    return `failing: ${databaseErrorLine(error)}`;
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(d: { models: ModelRegistry; checks: Record<string, ReadinessCheck> }) {
  return router([
    {
      pattern: /^\/api\/health$/,
      methods: {
        GET: async (_req, res) => sendJson(res, 200, { ok: true, model: d.models.activeVersion }),
      },
    },
    {
      pattern: /^\/api\/ready$/,
      methods: {
        GET: async (_req, res) => {
          const checks: Record<string, string> = {
            model: d.models.versions.includes(d.models.activeVersion) ? "ok" : "not loaded",
          };
          for (const [name, check] of Object.entries(d.checks)) checks[name] = await within(check);
          const ready = Object.values(checks).every((c) => c === "ok");
          sendJson(res, ready ? 200 : 503, { ready, checks });
        },
      },
    },
  ]);
}
