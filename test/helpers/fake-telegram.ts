import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  body: Record<string, unknown>;
}

/**
 * A local stand-in for the Bot API (set BOT_API_ROOT to its `url`): answers getMe, serves queued
 * updates to getUpdates (long polling), records every call and answers the rest with `true` or a
 * sent message.
 */
export async function startFakeTelegram(botInfo: Record<string, unknown>) {
  const requests: RecordedRequest[] = [];
  const queue: unknown[] = [];
  let nextUpdateId = 1;
  let messageId = 1;
  const waiters: (() => void)[] = [];

  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => {
      raw += chunk;
    });
    req.on("end", async () => {
      const method = (req.url ?? "").split("/").pop() ?? "";
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      requests.push({ method, body });
      for (const wake of waiters.splice(0)) wake();
      let result: unknown = true;
      if (method === "getMe") result = botInfo;
      else if (method === "getUpdates") {
        const offset = Number(body.offset ?? 0);
        while (queue.length > 0 && (queue[0] as { update_id: number }).update_id < offset) queue.shift();
        if (queue.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
        result = queue.filter((u) => (u as { update_id: number }).update_id >= offset);
      } else if (method.startsWith("send")) {
        result = {
          message_id: messageId++,
          date: 0,
          chat: { id: body.chat_id, type: "private" },
          text: body.text,
        };
      }
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ ok: true, result }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Queues a private text message from a user for getUpdates. */
    pushText(text: string, userId = 4242, languageCode = "de") {
      const entities = text.startsWith("/")
        ? [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length }]
        : [];
      queue.push({
        update_id: nextUpdateId++,
        message: {
          message_id: nextUpdateId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: userId, type: "private", first_name: "T" },
          from: { id: userId, is_bot: false, first_name: "T", language_code: languageCode },
          text,
          entities,
        },
      });
    },
    /** Resolves once a call matching `predicate` has been recorded (or rejects after `ms`). */
    async waitFor(predicate: (r: RecordedRequest) => boolean, ms = 15_000): Promise<RecordedRequest> {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = requests.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error("the expected Bot API call did not come");
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A TCP port nothing listens on right now (for a child process's PORT). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
