import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "grammy/types";
import { fakeResult } from "../../src/bot/offline.js";

/** How the fake API misbehaves for one call. */
export type Fault =
  | { kind: "error"; code: number; description: string; retryAfter?: number }
  | { kind: "drop" }
  | { kind: "slow"; ms: number }
  /** Answers (normally) only once `until` resolves. */
  | { kind: "hold"; until: Promise<void> };

export interface RecordedCall {
  method: string;
  payload: Record<string, unknown>;
  /** What happened: "ok", the fault that was served instead, or "flood" (429 for going over a limit). */
  outcome: "ok" | "error" | "drop" | "flood";
  /** When the call arrived (ms, the server's clock). */
  at: number;
}

/**
 * Telegram's limits on sending messages (Bot FAQ): about 30 messages a second to many chats, one
 * a second to the same private chat, 20 a minute to the same group. Over a limit the call is
 * answered 429 with retry_after, as Telegram does, and not counted.
 */
export interface TelegramLimits {
  /** Messages in any sliding second, all chats together. */
  perSecond: number;
  /** Least time between two messages to the same private chat. */
  privateChatMs: number;
  /** Messages to the same group in any sliding minute. */
  groupPerMinute: number;
}

export const telegramLimits: TelegramLimits = { perSecond: 30, privateChatMs: 1000, groupPerMinute: 20 };

export interface FakeBotApiOptions {
  /** Decides per call whether to misbehave; `attempt` counts calls with the same method and payload. */
  fault?: (method: string, payload: Record<string, unknown>, attempt: number) => Fault | undefined;
  /** Longest a getUpdates call is held open waiting for updates, whatever timeout the bot asks for. */
  maxHoldMs?: number;
  /** Told about every call as it is recorded. */
  onCall?: (call: RecordedCall) => void;
  /** Told about every call as it arrives, before it is answered (or held). */
  onRequest?: (method: string, payload: Record<string, unknown>) => void;
  /** Enforce Telegram's message limits (429 over them); off by default. */
  limits?: TelegramLimits;
}

/**
 * A local HTTP server speaking the Bot API well enough for a bot in long polling: getUpdates with
 * offsets (confirmed updates are gone, unconfirmed ones are served again), and every other method
 * answered like Telegram would. Faults can be injected per call. Used by the robustness tests and
 * the start-up benchmark (BOT_API_ROOT points at it).
 */
export class FakeBotApi {
  readonly calls: RecordedCall[] = [];
  /** update_id → how many getUpdates answers delivered it. */
  readonly served = new Map<number, number>();
  private readonly queue: Update[] = [];
  private nextUpdateId = 1;
  private readonly attempts = new Map<string, number>();
  private readonly waiting = new Set<() => void>();
  private server: Server | undefined;
  private readonly options: FakeBotApiOptions;

  constructor(options: FakeBotApiOptions = {}) {
    this.options = options;
  }

  /** Starts on a free port; returns the API root for BOT_API_ROOT / client.apiRoot. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const wake of this.waiting) wake();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Queues updates as Telegram would receive them; returns their ids. */
  push(...updates: Omit<Update, "update_id">[]): number[] {
    const ids = updates.map((update) => {
      const id = this.nextUpdateId++;
      this.queue.push({ update_id: id, ...update } as Update);
      return id;
    });
    for (const wake of this.waiting) wake();
    return ids;
  }

  /** Queues an update Telegram delivers again (the same update_id), after the others. */
  repeat(update: Update): void {
    this.queue.push(update);
    for (const wake of this.waiting) wake();
  }

  /** Successful calls of a method. */
  delivered(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.outcome === "ok");
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = Date.now();
    const method = /\/bot[^/]+\/(\w+)/.exec(req.url ?? "")?.[1] ?? "";
    let body = "";
    for await (const chunk of req) body += chunk;
    const payload = (body ? JSON.parse(body) : {}) as Record<string, unknown>;
    const key = `${method} ${body}`;
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);

    this.options.onRequest?.(method, payload);
    const fault = this.options.fault?.(method, payload, attempt);
    if (fault?.kind === "drop") {
      this.record({ method, payload, outcome: "drop", at: arrived });
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "error") {
      this.record({ method, payload, outcome: "error", at: arrived });
      const parameters =
        fault.retryAfter !== undefined ? { parameters: { retry_after: fault.retryAfter } } : {};
      this.reply(res, fault.code, {
        ok: false,
        error_code: fault.code,
        description: fault.description,
        ...parameters,
      });
      return;
    }
    if (fault?.kind === "slow") await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === "hold") await fault.until;
    const retryAfter = this.overLimit(method, payload, arrived);
    if (retryAfter !== undefined) {
      this.record({ method, payload, outcome: "flood", at: arrived });
      this.reply(res, 429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${retryAfter}`,
        parameters: { retry_after: retryAfter },
      });
      return;
    }

    const result =
      method === "getUpdates" ? await this.getUpdates(payload, req) : fakeResult(method, payload);
    if (res.destroyed) return;
    this.record({ method, payload, outcome: "ok", at: arrived });
    if (method === "getUpdates") {
      for (const update of result as Update[]) {
        this.served.set(update.update_id, (this.served.get(update.update_id) ?? 0) + 1);
      }
    }
    this.reply(res, 200, { ok: true, result });
  }

  private async getUpdates(payload: Record<string, unknown>, req: IncomingMessage): Promise<Update[]> {
    const offset = Number(payload.offset ?? 0);
    const limit = Number(payload.limit ?? 100);
    // Telegram forgets updates below the offset: they are confirmed.
    const kept = this.queue.filter((update) => update.update_id >= offset);
    this.queue.splice(0, this.queue.length, ...kept);
    if (this.queue.length === 0) {
      const holdMs = Math.min(Number(payload.timeout ?? 0) * 1000, this.options.maxHoldMs ?? 500);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiting.delete(wake);
          req.socket.off("close", wake);
          resolve();
        };
        const timer = setTimeout(wake, holdMs);
        this.waiting.add(wake);
        req.socket.once("close", wake);
      });
    }
    return this.queue.slice(0, limit);
  }

  /** Messages that went over a limit and were refused with 429. */
  floods(): RecordedCall[] {
    return this.calls.filter((c) => c.outcome === "flood");
  }

  /** The most messages accepted within any sliding second. */
  peakPerSecond(): number {
    return peakInAnySecond(this.delivered("sendMessage").map((c) => c.at));
  }

  /** How many messages each chat received. */
  receivedPerChat(): Map<number, number> {
    const counts = new Map<number, number>();
    for (const call of this.delivered("sendMessage")) {
      const chat = Number(call.payload.chat_id);
      counts.set(chat, (counts.get(chat) ?? 0) + 1);
    }
    return counts;
  }

  /** Seconds to wait when a message now would go over one of Telegram's limits; undefined when it may go. */
  private overLimit(method: string, payload: Record<string, unknown>, now: number): number | undefined {
    const limits = this.options.limits;
    if (!limits || method !== "sendMessage") return undefined;
    const chat = Number(payload.chat_id);
    const accepted = this.delivered("sendMessage");
    const recent = (windowMs: number, toChat?: number) =>
      accepted.filter(
        (c) => now - c.at < windowMs && (toChat === undefined || Number(c.payload.chat_id) === toChat),
      );
    if (recent(1000).length >= limits.perSecond) return 1;
    if (chat > 0 && recent(limits.privateChatMs, chat).length > 0)
      return Math.ceil(limits.privateChatMs / 1000);
    if (chat < 0) {
      const inGroup = recent(60_000, chat);
      if (inGroup.length >= limits.groupPerMinute) {
        return Math.max(1, Math.ceil((60_000 - (now - (inGroup[0] as RecordedCall).at)) / 1000));
      }
    }
    return undefined;
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    this.options.onCall?.(call);
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    if (res.destroyed) return;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }
}

/** The most of these moments (ms) that fall within one sliding second, [t, t + 1000). */
export function peakInAnySecond(moments: number[]): number {
  const times = [...moments].sort((a, b) => a - b);
  let peak = 0;
  for (let first = 0, last = 0; last < times.length; last++) {
    while ((times[last] as number) - (times[first] as number) >= 1000) first++;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
}

/** A TCP port nothing listens on right now (for a child process's PORT). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
