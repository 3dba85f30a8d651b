import { createHash, timingSafeEqual } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Bot, Context } from "grammy";
import type { Update } from "grammy/types";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { type Clock, systemClock } from "../kernel/clock.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import type { Store } from "../storage/store.js";

export interface ServerDeps<C extends Context = Context> {
  store: Pick<Store, "ping">;
  metrics: Metrics;
  logger: Logger;
  /**
   * Webhook mode: Telegram posts updates to `path` with the secret header. `updates` records
   * which update ids are handled, so that one delivered again is not answered again (also by
   * another instance on the same database). Absent in polling mode.
   */
  webhook?: {
    bot: Bot<C>;
    path: string;
    secret: string;
    updates: Pick<Store, "claimUpdate" | "finishUpdate" | "releaseUpdates">;
  };
  /** Larger request bodies are refused with 413 (a Telegram update is a few kilobytes). */
  maxBodyBytes?: number;
  /** /healthz answers 503 when the database has not answered within this time. */
  healthTimeoutMs?: number;
  clock?: Clock;
  /**
   * A handler may wait out a 429 (auto-retry, up to a minute): after this long Telegram is answered
   * 200 while the handler finishes, instead of an error that would make it send the update again.
   */
  answerWithinMs?: number;
  /** An update claimed this long ago and not finished is a crashed instance's: a redelivery is handled. */
  updateLeaseMs?: number;
}

export interface BotServer {
  readonly app: Hono;
  /** Starts listening; resolves to the port (useful with port 0 in tests). */
  listen(port: number, hostname?: string): Promise<number>;
  /**
   * Graceful stop: refuse new updates (503, Telegram retries), wait for those in hand until
   * `deadline` (ms from now; no limit by default), close. Updates still in hand then are not
   * confirmed to Telegram (their connections are cut) and their claims are given up, so that
   * Telegram's next delivery is handled; resolves to their ids.
   */
  close(deadline?: number): Promise<{ unfinished: number[] }>;
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
  /** Updates being handled, by update id. */
  const handling = new Map<number, Promise<void>>();
  let onIdle: (() => void) | undefined;
  let releaseUnfinished: (ids: number[]) => Promise<void> = async () => undefined;
  let server: Server | undefined;
  let closing: Promise<{ unfinished: number[] }> | undefined;

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
    const { bot, path, secret, updates } = deps.webhook;
    const clock = deps.clock ?? systemClock;
    const leaseMs = deps.updateLeaseMs ?? 60_000;
    app.post(
      path,
      // Not grammY's webhookCallback: on a malformed body it throws JSON.parse's error, which
      // quotes the start of the body, into the error log (and answers 500); and dropping repeats
      // needs the update id before the update is handled. The secret is checked before anything
      // is read, so a forged request never reaches the body parser or the bot.
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
        const body = await c.req.text();
        const update = parseUpdate(body);
        if (!update) {
          // Never the body, not even the start of it: it may hold a message text.
          logger.warn(
            { path, bytes: body.length },
            "webhook body is not an update (malformed JSON); refused",
          );
          return c.text("bad request: the body is not a Telegram update", 400);
        }
        const id = update.update_id;
        const now = clock();
        const claim = await updates.claimUpdate(id, now, new Date(now.getTime() - leaseMs));
        if (claim === "done") {
          logger.info({ update_id: id }, "update delivered again, already handled: dropped");
          return c.text("ok");
        }
        if (claim === "busy") {
          logger.info(
            { update_id: id },
            "update delivered again while it is being handled: Telegram retries later",
          );
          return c.text("being handled", 503);
        }
        const handled = handle(id, update);
        const answered = await Promise.race([
          handled.then(() => true),
          sleep(deps.answerWithinMs ?? 55_000, false),
        ]);
        if (!answered)
          logger.warn(
            { update_id: id },
            "update still being handled; Telegram answered to stop it sending again",
          );
        const response = c.text("ok");
        // While stopping, the connection closes after this response instead of idling.
        if (draining) response.headers.set("Connection", "close");
        return response;
      },
    );

    /** Handles an update, then records it handled (also when the handler failed: it ran). */
    const handle = (id: number, update: Update): Promise<void> => {
      const task = (async () => {
        try {
          if (!bot.isInited()) await bot.init();
          await bot.handleUpdate(update);
        } finally {
          handling.delete(id);
          await updates
            .finishUpdate(id, clock())
            .catch((error) =>
              logger.error({ err: error, update_id: id }, "could not record an update as handled"),
            );
          if (handling.size === 0) onIdle?.();
        }
      })();
      handling.set(id, task);
      return task;
    };
    releaseUnfinished = (ids) => updates.releaseUpdates(ids);
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
    close(deadline) {
      closing ??= stop(deadline);
      return closing;
    },
  };

  async function stop(deadline: number | undefined): Promise<{ unfinished: number[] }> {
    draining = true;
    const s = server;
    if (!s) return { unfinished: [] };
    const closed = new Promise<void>((resolve) => s.close(() => resolve()));
    if (handling.size > 0) {
      const idle = new Promise<void>((resolve) => {
        onIdle = resolve;
      });
      await (deadline === undefined ? idle : Promise.race([idle, sleep(deadline, undefined)]));
    }
    const unfinished = [...handling.keys()];
    if (unfinished.length > 0) {
      await releaseUnfinished(unfinished);
      logger.warn(
        { updates: unfinished },
        "updates not finished in time: not confirmed, Telegram delivers them again",
      );
      s.closeAllConnections();
    }
    // Idle keep-alive connections would otherwise hold the server open until they time out;
    // the last responses are still being written, so give them a moment before cutting.
    s.closeIdleConnections();
    const force = setTimeout(() => s.closeAllConnections(), 1000);
    await closed;
    clearTimeout(force);
    return { unfinished };
  }
}

/** The request body as an update: a JSON object with an integer update_id, else undefined. */
function parseUpdate(body: string): Update | undefined {
  try {
    const value: unknown = JSON.parse(body);
    const id = (value as { update_id?: unknown } | null)?.update_id;
    return typeof value === "object" && Number.isSafeInteger(id) ? (value as Update) : undefined;
  } catch {
    return undefined;
  }
}

/** Resolves to `value` after `ms` (a timer that does not keep the process alive). */
function sleep<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(resolve, ms, value).unref());
}
