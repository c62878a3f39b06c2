/** Per-address limits at the server's door: HTTP requests of any route, and new websocket connections. */
export interface ServerLimits {
  /** HTTP requests one address may make a second on average, and at once (a page load is ~20) */
  requestsPerSecond: number;
  requestBurst: number;
  /** new connections (Yjs websocket or socket.io) one address may open a second, and at once */
  connectionsPerSecond: number;
  connectionBurst: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  requestsPerSecond: 50,
  requestBurst: 200,
  connectionsPerSecond: 5,
  connectionBurst: 60,
};
