import { Api, HttpError } from "grammy";
import { pino } from "pino";
import { fakeResult } from "../../src/bot/offline.js";
import { ReminderWorker, type ReminderWorkerOptions } from "../../src/features/reminders/worker.js";
import { createI18n } from "../../src/i18n.js";
import type { Campaign } from "../../src/knowledge/schema.js";
import type { Store } from "../../src/storage/store.js";

export const i18n = createI18n();

/** A campaign built in code: deadline 10 June 2026, reminders 7 days, 1 day and on the day, at 10:00 Berlin. */
export function testCampaign(over: Partial<Campaign> = {}): Campaign {
  return {
    id: "test-campaign",
    title: { de: "Test-Kampagne", en: "Test campaign" },
    deadline: "2026-06-10",
    timezone: "Europe/Berlin",
    reminders: { offsets: ["P7D", "P1D", "P0D"], sendAt: "10:00" },
    sources: [],
    texts: {},
    menu: [],
    deadlineEntry: "deadline",
    stepsEntry: "how-to-object",
    ...over,
  };
}

/** A moment given as Berlin summer time (UTC+2), e.g. berlin("2026-06-03 10:00"). */
export const berlin = (local: string) => new Date(`${local.replace(" ", "T")}:00+02:00`);

/**
 * A clock that stands still until someone sleeps, without real waiting: sleepers wake one at a
 * time in the order of their wake-up times, and the clock jumps to each one's time as it wakes
 * (the next one is woken once everything the previous one started has settled). So concurrent
 * senders see time pass as they would, and one that is woken is never late.
 */
export function fakeClock(start: Date) {
  let now = start.getTime();
  let order = 0;
  const sleepers: { at: number; order: number; wake: () => void }[] = [];
  const wakeNext = () => {
    const next = sleepers.reduce<(typeof sleepers)[number] | undefined>(
      (first, s) => (!first || s.at < first.at || (s.at === first.at && s.order < first.order) ? s : first),
      undefined,
    );
    if (!next) return;
    sleepers.splice(sleepers.indexOf(next), 1);
    now = Math.max(now, next.at);
    next.wake();
  };
  return {
    clock: () => new Date(now),
    sleep: (ms: number) =>
      new Promise<void>((wake) => {
        sleepers.push({ at: now + Math.max(0, ms), order: order++, wake });
        setImmediate(wakeNext);
      }),
    set(date: Date) {
      now = date.getTime();
    },
    advance(ms: number) {
      now += ms;
    },
  };
}

export interface Sent {
  chatId: number;
  text: string;
  at: number;
  buttons: { text: string; callback_data?: string }[];
}

export type Failure =
  | { error_code: number; description: string; parameters?: { retry_after?: number } }
  | "network";

/**
 * A Bot API client whose sendMessage is answered offline. `fail(chatId, attempt)` may return an
 * error answer for a call; every successful message lands in `sent`.
 */
export function fakeApi(
  clock: () => Date,
  fail: (chatId: number, attempt: number) => Failure | undefined = () => undefined,
) {
  const api = new Api("123:offline-test-token");
  const sent: Sent[] = [];
  const attempts = new Map<number, number>();
  api.config.use(async (_prev, method, payload) => {
    const p = payload as Record<string, unknown>;
    const chatId = Number(p.chat_id);
    const attempt = (attempts.get(chatId) ?? 0) + 1;
    attempts.set(chatId, attempt);
    const failure = fail(chatId, attempt);
    if (failure === "network") throw new HttpError("Network request failed", new Error("ECONNRESET"));
    if (failure) return { ok: false, ...failure } as never;
    if (method === "sendMessage") {
      const markup = p.reply_markup as
        | { inline_keyboard?: { text: string; callback_data?: string }[][] }
        | undefined;
      sent.push({
        chatId,
        text: String(p.text),
        at: clock().getTime(),
        buttons: (markup?.inline_keyboard ?? []).flat(),
      });
    }
    return { ok: true, result: fakeResult(method, p) } as never;
  });
  return { api, sent, attempts };
}

export function silentLogger() {
  return pino({ level: "silent" });
}

export function createWorker(
  store: Store,
  campaigns: Campaign[],
  clock: ReturnType<typeof fakeClock>,
  api: Api,
  over: Partial<ReminderWorkerOptions> = {},
) {
  return new ReminderWorker({
    store,
    api,
    campaigns: () => campaigns,
    i18n,
    logger: silentLogger(),
    clock: clock.clock,
    sleep: clock.sleep,
    rate: 25,
    ...over,
  });
}

export async function subscribeMany(store: Store, chatIds: number[], at: Date, campaignId = "test-campaign") {
  for (const chatId of chatIds) {
    await store.subscribe(
      { chatId, campaignId, language: "de", chatKind: chatId < 0 ? "group" : "private", mode: "all" },
      at,
    );
  }
}
