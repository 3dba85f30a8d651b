import { createHash, timingSafeEqual } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type Bot, type Context, webhookCallback } from "grammy";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import type { Store } from "../storage/store.js";

export interface ServerDeps<C extends Context = Context> {
  store: Pick<Store, "ping">;
  metrics: Metrics;
  logger: Logger;
  /** Webhook mode: Telegram posts updates to `path` with the secret header. Absent in polling mode. */
  webhook?: { bot: Bot<C>; path: string; secret: string };
  /** Larger request bodies are refused with 413 (a Telegram update is a few kilobytes). */
  maxBodyBytes?: number;
  /** /healthz answers 503 when the database has not answered within this time. */
  healthTimeoutMs?: number;
}

export interface BotServer {
  readonly app: Hono;
  /** Starts listening; resolves to the port (useful with port 0 in tests). */
  listen(port: number, hostname?: string): Promise<number>;
  /** Graceful stop: refuse new updates (503, Telegram retries), wait for those in flight, close. */
  close(): Promise<void>;
}

const secretHeader = "X-Telegram-Bot-Api-Secret-Token";

/** Constant-time comparison that does not leak the secret's length either. */
function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const hash = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(hash(given), hash(expected));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The HTTP side of the bot (Hono on Node's http server): the webhook in webhook mode, and in
 * both modes GET /healthz and GET /metrics, so that containers and load balancers can check it.
 */
export function createServer<C extends Context>(deps: ServerDeps<C>): BotServer {
  const { store, metrics, logger } = deps;
  const app = new Hono();
  let draining = false;
  let inFlight = 0;
  let onIdle: (() => void) | undefined;
  let server: Server | undefined;

  app.onError((error, c) => {
    logger.error({ err: error, path: c.req.path }, "request failed");
    return c.text("internal error", 500);
  });

  app.get("/healthz", async (c) => {
    if (draining) return c.json({ status: "stopping" }, 503);
    try {
      await withTimeout(store.ping(), deps.healthTimeoutMs ?? 2000);
      return c.json({ status: "ok" });
    } catch (error) {
      logger.warn({ err: error }, "health check: the database does not answer");
      return c.json({ status: "database unavailable" }, 503);
    }
  });

  app.get("/metrics", async (c) => {
    return c.body(await metrics.registry.metrics(), 200, { "Content-Type": metrics.registry.contentType });
  });

  if (deps.webhook) {
    const { bot, path, secret } = deps.webhook;
    // grammY checks the secret as well; checking first here means a forged request never
    // reaches the body parser or the bot.
    // A handler may wait out a 429 (auto-retry, up to a minute): past the time limit grammY answers
    // Telegram 200 and lets the handler finish, instead of a 500 that would make Telegram send the
    // update again while it is still being handled.
    const handleUpdate = webhookCallback(bot, "hono", {
      secretToken: secret,
      onTimeout: "return",
      timeoutMilliseconds: 55_000,
    });
    app.post(
      path,
      async (c, next) => {
        if (!sameSecret(c.req.header(secretHeader), secret)) {
          logger.warn({ path }, "webhook request with a wrong or missing secret refused");
          return c.text("unauthorized", 401);
        }
        if (draining) return c.text("shutting down", 503);
        await next();
      },
      bodyLimit({
        maxSize: deps.maxBodyBytes ?? 1024 * 1024,
        onError: (c) => c.text("payload too large", 413),
      }),
      async (c) => {
        inFlight++;
        try {
          const response = await handleUpdate(c);
          // While stopping, the connection closes after this response instead of idling.
          if (draining) response.headers.set("Connection", "close");
          return response;
        } finally {
          inFlight--;
          if (inFlight === 0) onIdle?.();
        }
      },
    );
  }

  return {
    app,
    listen(port, hostname) {
      return new Promise((resolve, reject) => {
        const s = serve({ fetch: app.fetch, port, ...(hostname ? { hostname } : {}) }, (info: AddressInfo) =>
          resolve(info.port),
        ) as Server;
        s.once("error", reject);
        server = s;
      });
    },
    async close() {
      draining = true;
      const s = server;
      if (!s) return;
      const closed = new Promise<void>((resolve) => s.close(() => resolve()));
      if (inFlight > 0) await new Promise<void>((resolve) => (onIdle = resolve));
      // Idle keep-alive connections would otherwise hold the server open until they time out;
      // the last responses are still being written, so give them a moment before cutting.
      s.closeIdleConnections();
      const force = setTimeout(() => s.closeAllConnections(), 1000);
      await closed;
      clearTimeout(force);
    },
  };
}
