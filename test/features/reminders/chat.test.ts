import { describe, expect, it } from "vitest";
import { decode, encode } from "../../../src/bot/callback-data.js";
import { type ApiCall, fakeResult } from "../../../src/bot/offline.js";
import { buttons, createTestBot, i18n, knowledge, texts } from "../../helpers/bot.js";
import { berlin, testCampaign } from "../../helpers/reminders.js";

const de = i18n.fixed("de");
const en = i18n.fixed("en");
const ops = (call: ApiCall | undefined) =>
  buttons(call).map((b) => {
    const action = decode(b.data);
    return action?.kind === "reminders" ? action.op : action?.kind;
  });

/** The bundled content plus a campaign whose deadline (10 June 2026) is ahead. */
const withFuture = { ...knowledge, campaigns: [...knowledge.campaigns, testCampaign()] };
const beforeDeadline = berlin("2026-06-01 12:00");
const group = -1001234567890;

/** A getChatMember answer: the user is an admin of the group or not. */
const memberIs = (status: string) => (call: ApiCall) =>
  call.method === "getChatMember"
    ? { status, user: { id: call.payload.user_id, is_bot: false, first_name: "x" } }
    : fakeResult(call.method, call.payload);

describe("reminders when no deadline lies ahead (today's case)", () => {
  it("says so honestly and offers to tell about a new deadline", async () => {
    const t = createTestBot();
    const [call] = await t.say("/erinnern");
    expect(call?.payload.text).toBe(
      de("reminders.noDeadline", {
        title: "KI-Training bei Meta (2025)",
        date: "27. Mai 2025",
        lastDay: "26. Mai 2025",
      }),
    );
    expect(call?.payload.text).toContain(
      "war der 26. Mai 2025 der letzte Tag, um rechtzeitig zu widersprechen; am 27. Mai 2025 hat das Training begonnen.",
    );
    expect(ops(call)).toEqual(["notify"]);
    expect(await t.store.subscriptions(4242)).toEqual([]);

    const pressed = await t.press(encode({ kind: "reminders", op: "notify" }));
    expect(texts(pressed)).toEqual([de("reminders.waiting")]);
    expect((await t.store.subscriptions(4242)).map((s) => s.campaignId)).toEqual(["*"]);

    const [again] = await t.say("/erinnern");
    expect(again?.payload.text).toBe(de("reminders.waiting"));
    expect(ops(again)).toEqual(["off"]);

    expect(texts(await t.say("/stopp"))).toEqual([de("reminders.stopped")]);
    expect(await t.store.subscriptions(4242)).toEqual([]);
    expect(texts(await t.say("/stopp"))).toEqual([de("reminders.notSubscribed")]);
  });

  it("answers the free-text reminder question with the state and its buttons, without subscribing", async () => {
    const t = createTestBot({ languageCode: "en" });
    const [call] = await t.say("can you remind me about the deadline?");
    expect(call?.payload.text).toBe(
      en("reminders.noDeadline", {
        title: "Meta AI training (2025)",
        date: "27 May 2025",
        lastDay: "26 May 2025",
      }),
    );
    expect(ops(call)).toEqual(["notify"]);
    expect(await t.store.subscriptions(4242)).toEqual([]);
  });
});

describe("reminders for a deadline ahead", () => {
  it("subscribes, shows what will come, changes to the last day only, and stops", async () => {
    const t = createTestBot({ knowledge: withFuture, now: beforeDeadline });
    const [call] = await t.say("/erinnern");
    expect(call?.payload.text).toBe(
      de("reminders.subscribed", {
        campaigns: [
          de("reminders.campaignLine", {
            title: "Test-Kampagne",
            date: "10. Juni 2026",
            lastDay: "9. Juni 2026",
            days: "9 Tage",
          }),
          de("reminders.campaignSchedule", {
            schedule:
              "am 3. Juni 2026, am letzten Tag (9. Juni 2026) und am 10. Juni 2026, wenn das Training beginnt",
            time: "10:00",
          }),
        ].join("\n"),
      }),
    );
    expect(call?.payload.text).toContain(
      "<b>Test-Kampagne</b> – rechtzeitig widersprechen bis einschließlich 9. Juni 2026 (noch 9 Tage); am 10. Juni 2026 beginnt das Training.",
    );
    expect(ops(call)).toEqual(["last", "off"]);
    expect(await t.store.subscriptions(4242)).toEqual([
      expect.objectContaining({
        campaignId: "test-campaign",
        chatKind: "private",
        mode: "all",
        language: "de",
      }),
    ]);

    const [again] = await t.say("/erinnern");
    expect(again?.payload.text).toContain("<b>Ihre Erinnerungen</b>");

    const changed = texts(await t.press(encode({ kind: "reminders", op: "last" })));
    expect(changed[0]).toContain(de("reminders.modeLast"));
    expect(changed[0]).toContain("Ich erinnere Sie am letzten Tag (9. Juni 2026), jeweils um 10:00 Uhr.");
    expect((await t.store.subscriptions(4242))[0]?.mode).toBe("last");
    const back = await t.press(encode({ kind: "reminders", op: "all" }));
    expect(ops(back.find((c) => c.method === "sendMessage"))).toEqual(["last", "off"]);

    const stopped = await t.say("/stopp");
    expect(texts(stopped)).toEqual([de("reminders.stopped")]);
    expect(ops(stopped[0])).toEqual(["on"]);
    expect(await t.store.subscriptions(4242)).toEqual([]);
  });

  it("subscribes from the deep link /start erinnern and from the button under the deadline answer", async () => {
    const t = createTestBot({ knowledge: withFuture, now: beforeDeadline });
    const [deadlineAnswer] = await t.say("/frist");
    const remind = buttons(deadlineAnswer).find((b) => b.text === de("reminders.buttons.subscribe"));
    expect(decode(remind?.data)).toEqual({ kind: "reminders", op: "on" });

    expect(texts(await t.say("/start erinnern"))[0]).toContain("Erinnerung ist eingeschaltet");
    await t.store.unsubscribe(4242);
    const pressed = await t.press(remind?.data as string);
    expect(texts(pressed)[0]).toContain("Erinnerung ist eingeschaltet");
    expect(await t.store.subscriptions(4242)).toHaveLength(1);
  });

  it("shows the state for the free-text intent once subscribed", async () => {
    const t = createTestBot({ knowledge: withFuture, now: beforeDeadline });
    const [off] = await t.say("erinnere mich bitte rechtzeitig");
    expect(off?.payload.text).toBe(de("reminders.statusOff"));
    expect(ops(off)).toEqual(["on"]);
    await t.say("/erinnern");
    const [on] = await t.say("erinnere mich bitte rechtzeitig");
    expect(on?.payload.text).toContain("<b>Erinnerungen</b>");
    expect(on?.payload.text).toContain("bis einschließlich 9. Juni 2026 (noch 9 Tage)");
    expect(ops(on)).toEqual(["last", "off"]);
  });
});

describe("reminders in a group", () => {
  it("lets only admins subscribe or stop the group", async () => {
    const member = createTestBot({ knowledge: withFuture, now: beforeDeadline, respond: memberIs("member") });
    const refused = await member.say("/erinnern", group);
    expect(refused.map((c) => c.method)).toEqual(["getChatMember", "sendMessage"]);
    expect(texts(refused)).toEqual([de("reminders.adminsOnly")]);
    expect(await member.store.subscriptions(group)).toEqual([]);

    const admin = createTestBot({
      knowledge: withFuture,
      now: beforeDeadline,
      respond: memberIs("administrator"),
    });
    expect(texts(await admin.say("/erinnern", group))[0]).toContain("Erinnerung ist eingeschaltet");
    expect(await admin.store.subscriptions(group)).toEqual([expect.objectContaining({ chatKind: "group" })]);

    const stranger = createTestBot({
      knowledge: withFuture,
      now: beforeDeadline,
      store: admin.store,
      respond: memberIs("member"),
    });
    const pressed = await stranger.press(encode({ kind: "reminders", op: "off" }), group);
    const alert = pressed.find((c) => c.method === "answerCallbackQuery");
    expect(alert?.payload).toMatchObject({ text: de("reminders.adminsOnly"), show_alert: true });
    expect(await admin.store.subscriptions(group)).toHaveLength(1);
    expect(texts(await admin.say("/stopp", group))).toEqual([de("reminders.stopped")]);
    expect(await admin.store.subscriptions(group)).toEqual([]);
  });

  it("ends the reminders of a chat that blocked or removed the bot", async () => {
    const t = createTestBot({ knowledge: withFuture, now: beforeDeadline, respond: memberIs("creator") });
    await t.say("/erinnern");
    await t.say("/erinnern", group);
    for (const [chatId, status] of [
      [4242, "kicked"],
      [group, "left"],
    ] as const) {
      await t.send(
        t.updates.raw({
          my_chat_member: {
            chat:
              chatId > 0
                ? { id: chatId, type: "private", first_name: "Test" }
                : { id: chatId, type: "supergroup", title: "G" },
            from: { id: 4242, is_bot: false, first_name: "Test" },
            date: 0,
            old_chat_member: { status: "member", user: { id: 1_000_001, is_bot: true, first_name: "Bot" } },
            new_chat_member: {
              status,
              user: { id: 1_000_001, is_bot: true, first_name: "Bot" },
              ...(status === "kicked" ? { until_date: 0 } : {}),
            },
          },
        } as never),
      );
    }
    expect(await t.store.subscriptions(4242)).toEqual([]);
    expect(await t.store.subscriptions(group)).toEqual([]);
  });
});

describe("/stats", () => {
  it("shows operators the reminder figures and is unknown to everyone else", async () => {
    const admin = createTestBot({ knowledge: withFuture, now: beforeDeadline, adminIds: [4242] });
    await admin.say("/erinnern");
    const [stats] = await admin.say("/stats");
    expect(stats?.payload.text).toBe(
      de("reminders.stats", { subscribers: 1, waiting: 0, sent: 0, failed: 0, skipped: 0, inProgress: 0 }),
    );
    const other = createTestBot({ adminIds: [1] });
    expect(texts(await other.say("/stats"))).toEqual([de("unknownCommand")]);
  });
});
