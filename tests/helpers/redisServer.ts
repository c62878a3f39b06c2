/** Redis for the several-instance tests: a server of their own (scripts/services/redisServer.ts). */
import { redisInstalled } from "../../scripts/services/redisServer";

export { type RedisServer, startRedis } from "../../scripts/services/redisServer";

export const REDIS_INSTALLED = redisInstalled();
if (process.env.CI && !REDIS_INSTALLED)
  throw new Error("CI runs the several-instance tests: .ci/run must install redis-server");
