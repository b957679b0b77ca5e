// Types of scripts/redis-server.mjs (the launcher bench/sweep.js and test/helpers/redis.ts share).

export declare const REDIS_FLAGS: readonly string[];

export interface RedisServer {
  /** redis://[:password@]127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  readonly pid: number | undefined;
  /** end the server and remove its directory */
  stop(): Promise<void>;
}

export declare function startRedisServer(opts?: {
  readonly password?: string;
  readonly timeoutMs?: number;
}): Promise<RedisServer>;
