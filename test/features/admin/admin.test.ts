import { GrammyError } from "grammy";
import { describe, expect, it } from "vitest";
import type { BroadcastMessage } from "../../../src/bot/context.js";
import { fakeResult, UpdateFactory } from "../../../src/bot/offline.js";
import { buttons, createTestBot, i18n, texts } from "../../helpers/bot.js";

const de = i18n.fixed("de");
const admin = 4242; // the test bot's default user
const stranger = new UpdateFactory({ id: 5555, first_name: "Fremd", language_code: "de" });

/** A broadcaster that records what it is handed and says `recipients` will get it, as broadcast #7. */
function recordingBroadcaster(recipients: number) {
  const sent: BroadcastMessage[] = [];
  const broadcaster = {
    broadcast: async (message: BroadcastMessage) => {
      sent.push(message);
      return { id: 7, recipients };
    },
  };
  return { sent, broadcaster };
}

/** A press on the preview message the bot sent, as Telegram delivers it. */
function pressOnPreview(
  factory: UpdateFactory,
  data: string,
  preview: { text: string; entities?: unknown[] },
) {
  const update = factory.callback(data);
  const message = update.callback_query?.message as unknown as Record<string, unknown>;
  Object.assign(message, preview);
  return update;
}

describe("admin commands", () => {
  it("/broadcast is an unknown command for everyone but ADMIN_IDS", async () => {
    const t = createTestBot({ deps: { adminIds: [admin] } });
    expect(texts(await t.send(stranger.text("/broadcast Hallo alle")))).toEqual([de("unknownCommand")]);
    const noAdmins = createTestBot();
    expect(texts(await noAdmins.say("/broadcast Hallo alle"))).toEqual([de("unknownCommand")]);
  });

  it("shows the admin a preview with send and cancel buttons, keeping the formatting", async () => {
    const t = createTestBot({ deps: { adminIds: [admin] } });
    const update = t.updates.message({
      text: "/broadcast Neue Frist <b>beachten</b>!",
      entities: [
        { type: "bot_command", offset: 0, length: 10 },
        { type: "bold", offset: 11, length: 10 },
      ],
    });
    const calls = await t.send(update);
    expect(texts(calls)).toEqual([de("admin.broadcastPreview"), "Neue Frist <b>beachten</b>!"]);
    const preview = calls[1];
    // Sent as entities, not HTML: the admin's "<b>" stays literal text.
    expect(preview?.payload.parse_mode).toBeUndefined();
    expect(preview?.payload.entities).toEqual([{ type: "bold", offset: 0, length: 10 }]);
    expect(buttons(preview).map((b) => b.text)).toEqual([
      de("admin.broadcastSend"),
      de("admin.broadcastCancel"),
    ]);
  });

  it("explains the usage when the text is missing", async () => {
    const t = createTestBot({ deps: { adminIds: [admin] } });
    expect(texts(await t.say("/broadcast"))).toEqual([de("admin.broadcastUsage")]);
  });

  it("hands the confirmed preview to the broadcaster and reports how many get it", async () => {
    const { sent, broadcaster } = recordingBroadcaster(17);
    const t = createTestBot({ deps: { adminIds: [admin], broadcaster } });
    const entities = [{ type: "bold", offset: 0, length: 4 }];
    const calls = await t.send(
      pressOnPreview(t.updates, "1:b:y", { text: "Neu: Frist verlängert", entities }),
    );
    expect(sent).toEqual([{ text: "Neu: Frist verlängert", entities }]);
    expect(texts(calls)).toEqual([de("admin.broadcastQueued", { id: 7, count: 17 })]);
    expect(texts(calls)[0]).toContain("#7");
    expect(calls.map((c) => c.method)).toContain("editMessageReplyMarkup");
  });

  it("sends once when the admin taps 'send' twice", async () => {
    const { sent, broadcaster } = recordingBroadcaster(3);
    let buttonsGone = false;
    const t = createTestBot({
      deps: { adminIds: [admin], broadcaster },
      respond: (call) => {
        if (call.method !== "editMessageReplyMarkup") return fakeResult(call.method, call.payload);
        if (buttonsGone)
          throw new GrammyError(
            "Bad Request: message is not modified",
            { ok: false, error_code: 400, description: "Bad Request: message is not modified" },
            call.method,
            call.payload,
          );
        buttonsGone = true;
        return true;
      },
    });
    await t.send(pressOnPreview(t.updates, "1:b:y", { text: "Einmal bitte" }));
    const second = await t.send(pressOnPreview(t.updates, "1:b:y", { text: "Einmal bitte" }));
    expect(sent).toHaveLength(1);
    expect(texts(second)).toEqual([]);
  });

  it("sends nothing on cancel, and nothing for a stranger's press", async () => {
    const { sent, broadcaster } = recordingBroadcaster(1);
    const t = createTestBot({ deps: { adminIds: [admin], broadcaster } });
    expect(texts(await t.send(pressOnPreview(t.updates, "1:b:n", { text: "x" })))).toEqual([
      de("admin.broadcastCancelled"),
    ]);
    const strangerPress = await t.send(pressOnPreview(stranger, "1:b:y", { text: "x" }));
    expect(strangerPress.map((c) => c.payload.text)).toEqual([de("callback.stale")]);
    expect(sent).toEqual([]);
  });

  it("tells the admin when no sender is configured", async () => {
    const t = createTestBot({ deps: { adminIds: [admin] } });
    const calls = await t.send(pressOnPreview(t.updates, "1:b:y", { text: "Hallo" }));
    expect(texts(calls)).toEqual([de("admin.broadcastUnavailable")]);
  });

  it("/stats shows each broadcast's progress: sent, failed, skipped, open, running or done", async () => {
    const t = createTestBot({ deps: { adminIds: [admin] }, now: new Date("2026-07-01T10:00:00Z") });
    for (const chatId of [1, 2, 3]) {
      await t.store.subscribe(
        { chatId, campaignId: "*", language: "de", chatKind: "private", mode: "all" },
        new Date("2026-06-01T10:00:00Z"),
      );
    }
    const { id } = await t.store.createBroadcast(
      { text: "Hallo", entities: [] },
      new Date("2026-07-01T09:00:00Z"),
    );
    const [one] = (
      await t.store.takeBroadcastDeliveries(id, 1, "w", new Date(1), new Date("2026-07-01T09:00:01Z"))
    ).deliveries;
    await t.store.finishDelivery(one as never, "sent", new Date("2026-07-01T09:00:02Z"));
    const [stats] = texts(await t.say("/stats"));
    expect(stats).toContain(de("admin.broadcasts"));
    expect(stats).toContain(
      de("admin.broadcastLineRunning", {
        id,
        date: "1. Juli 2026",
        recipients: 3,
        sent: 1,
        failed: 0,
        skipped: 0,
        pending: 2,
      }),
    );
  });
});
