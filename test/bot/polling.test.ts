import type { Update } from "grammy/types";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createBot } from "../../src/bot/index.js";
import { offlineBotInfo, UpdateFactory } from "../../src/bot/offline.js";
import { type Poller, startPolling } from "../../src/bot/polling.js";
import { features } from "../../src/features/index.js";
import { testDeps } from "../helpers/bot.js";
import { until } from "../helpers/bot-process.js";
import { FakeBotApi } from "../helpers/fake-bot-api.js";

const logger = pino({ level: "silent" });
let api: FakeBotApi | undefined;
const pollers: Poller[] = [];
afterEach(async () => {
  for (const poller of pollers.splice(0)) await poller.stop(0);
  await api?.close();
});

/** A bot polling the fake API; `handled` counts how often each update id was handled. */
function pollingBot(apiRoot: string, handledBefore: number[] = []) {
  const bot = createBot("123:polling-test-token", testDeps(), features, {
    botInfo: offlineBotInfo,
    client: { apiRoot },
  });
  const handled = new Map<number, number>();
  const handleUpdate = bot.handleUpdate.bind(bot);
  bot.handleUpdate = (update, webhook) => {
    handled.set(update.update_id, (handled.get(update.update_id) ?? 0) + 1);
    return handleUpdate(update, webhook);
  };
  const poller = startPolling(bot, {
    allowedUpdates: ["message", "callback_query"],
    logger,
    timeoutSeconds: 1,
    handled: handledBefore,
  });
  pollers.push(poller);
  return { poller, handled };
}

const withoutId = ({ update_id: _, ...update }: Update) => update;
const answersTo = (fake: FakeBotApi, chat: number) =>
  fake.delivered("sendMessage").filter((c) => c.payload.chat_id === chat);

describe("long polling", () => {
  it("drops an update Telegram delivers twice", async () => {
    const fake = new FakeBotApi({ maxHoldMs: 100 });
    api = fake;
    const { handled } = pollingBot(await fake.start());
    const [id] = fake.push(withoutId(new UpdateFactory().text("/start", 4242)));
    await until(() => answersTo(fake, 4242).length === 1);
    fake.repeat({ update_id: id as number, ...withoutId(new UpdateFactory().text("/start", 4242)) });
    fake.push(withoutId(new UpdateFactory().text("/hilfe", 4243)));
    await until(() => answersTo(fake, 4243).length === 1);
    expect(handled.get(id as number)).toBe(1);
    expect(answersTo(fake, 4242)).toHaveLength(1);
  });

  it("confirms an update only once handled: one still in hand at a stop comes again to the next poller, which drops those handled after it", async () => {
    const stuckChat = 5001;
    // The first answer to the stuck chat never comes back (as if it waited out a long 429); every
    // later one (the next poller's) goes through.
    let stuckAnswers = 0;
    const fake = new FakeBotApi({
      maxHoldMs: 100,
      fault: (method, payload) =>
        method === "sendMessage" && payload.chat_id === stuckChat && ++stuckAnswers === 1
          ? { kind: "hold", until: new Promise<void>(() => undefined) }
          : undefined,
    });
    api = fake;
    const apiRoot = await fake.start();
    const first = pollingBot(apiRoot);
    const [stuck, queued] = fake.push(
      withoutId(new UpdateFactory().text("/start", stuckChat)),
      withoutId(new UpdateFactory().text("/hilfe", stuckChat)),
    ) as [number, number];
    const [other] = fake.push(withoutId(new UpdateFactory().text("/start", 5002))) as [number];
    await until(() => answersTo(fake, 5002).length === 1);

    const stopped = await first.poller.stop(300);
    // The stuck chat's two updates (the one waiting for its answer, the one queued behind it)
    // are not confirmed; the other chat's is finished, but after them.
    expect(stopped).toEqual({ unfinished: [stuck, queued], handledAfter: [other], lost: [] });

    const next = pollingBot(apiRoot, stopped.handledAfter);
    await until(() => answersTo(fake, stuckChat).length === 2);
    expect(fake.served.get(stuck)).toBeGreaterThanOrEqual(2);
    expect(next.handled.get(stuck)).toBe(1);
    expect(next.handled.get(queued)).toBe(1);
    expect(next.handled.has(other)).toBe(false);
    expect(answersTo(fake, 5002)).toHaveLength(1);
    // Each question answered once: the two in hand at the stop by the next poller.
    expect(answersTo(fake, stuckChat).map((c) => String(c.payload.text).split("\n")[0])).toHaveLength(2);
  });
});
