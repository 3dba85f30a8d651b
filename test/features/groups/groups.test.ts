import { describe, expect, it } from "vitest";
import { decode, encode } from "../../../src/bot/callback-data.js";
import { type ApiCall, offlineBotInfo } from "../../../src/bot/offline.js";
import { commandLines } from "../../../src/features/commands.js";
import { answerText, buttons, createTestBot, i18n, knowledge, texts } from "../../helpers/bot.js";

const de = i18n.fixed("de");
const en = i18n.fixed("en");
const bot = offlineBotInfo.username;
const group = -100_777;
const otherGroup = -100_888;

/** The group introduction: how to ask here and every command of the group menu. */
const intro = de("groups.intro", { bot, commands: commandLines(de, "de", "group") });
const summary = (id: string, lang: "de" | "en" = "de") => knowledge.entries.get(id)?.summary[lang] ?? "";
const sources = (id: string) => answerText(id).split("\n").at(-1);
const deepLink = (id: string) => `https://t.me/${bot}?start=faq-${id}`;

/** Group answers: one message, short, with only the "more in a private chat" link below. */
function expectGroupAnswer(calls: ApiCall[], id: string) {
  expect(calls.map((c) => c.method)).toEqual(["sendMessage"]);
  const [call] = calls;
  expect(call?.payload.chat_id).toBe(group);
  expect(call?.payload.reply_parameters).toMatchObject({ message_id: expect.any(Number) });
  expect(String(call?.payload.text).length).toBeLessThan(answerText(id).length);
  expect(buttons(call)).toEqual([{ text: de("groups.more"), url: deepLink(id) }]);
  return String(call?.payload.text);
}

describe("the bot in a group", () => {
  it("introduces itself once when added, and says nothing on a promotion", async () => {
    const t = createTestBot();
    const calls = await t.send(t.updates.myChatMember(group));
    expect(texts(calls)).toEqual([intro]);
    expect(texts(calls)[0]).toContain(`/frage@${bot}`);
    expect(texts(calls)[0]).toContain("/frist");
    expect(texts(calls)[0]).toContain("/themen");
    expect(await t.send(t.updates.myChatMember(group, "member", "administrator"))).toEqual([]);
    expect(await t.send(t.updates.myChatMember(group, "member", "left"))).toEqual([]);
  });

  it("answers a command with and without @botname, short and with a link to the whole answer", async () => {
    const t = createTestBot();
    const withName = expectGroupAnswer(await t.say(`/frist@${bot}`, group), "deadline");
    expect(withName).toContain("Die Frist ist vorbei");
    expect(withName).toContain(summary("deadline"));
    const bare = expectGroupAnswer(await t.say("/frist", group), "deadline");
    expect(bare).toBe(withName);
  });

  it("ignores commands meant for another bot", async () => {
    const t = createTestBot();
    expect(await t.say("/frist@AndererBot", group)).toEqual([]);
    expect(await t.say(`/frage@AndererBot wie widerspreche ich bei insta`, group)).toEqual([]);
  });

  it("answers /frage@bot with the same entry as a private chat, formatted for the group", async () => {
    const t = createTestBot();
    const text = expectGroupAnswer(
      await t.say(`/frage@${bot} wie widerspreche ich bei insta?`, group),
      "object-instagram",
    );
    // The bold line introduces the form, so the form link comes with it.
    expect(text).toContain("https://help.instagram.com/contact/767264225370182");
    expect(texts(await t.say(`/frage@${bot}`, group))).toEqual([
      de("groups.askHow", { command: `/frage@${bot}` }),
    ]);
  });

  it("answers a message that mentions it", async () => {
    const t = createTestBot();
    const text = expectGroupAnswer(
      await t.say(`@${bot} muss ich nochmal widersprechen?`, group),
      "already-objected",
    );
    expect(text).toBe(
      `<b>Nein, Sie müssen nicht noch einmal widersprechen.</b>\n${summary("already-objected")}\n${sources("already-objected")}`,
    );
    // A mention alone: how to ask.
    expect(texts(await t.say(`@${bot}`, group))).toEqual([de("groups.askHow", { command: `/frage@${bot}` })]);
    // Out of scope: a short no, without the whole topic menu.
    expect(texts(await t.say(`Wie wird das Wetter, @${bot}?`, group))).toEqual([de("groups.notFound")]);
    // Small talk gets the short introduction, not the private chat's menu.
    expect(texts(await t.say(`Hallo @${bot}`, group))).toEqual([intro]);
    // English speakers are told the English command.
    const english = createTestBot({ languageCode: "en" });
    expect(texts(await english.say(`@${bot}`, group))).toEqual([
      en("groups.askHow", { command: `/question@${bot}` }),
    ]);
  });

  it("answers a reply to one of its messages, but not replies to other people", async () => {
    const t = createTestBot();
    expectGroupAnswer(
      await t.send(t.updates.reply("wie widerspreche ich bei facebook?", group)),
      "object-facebook",
    );
    const person = { id: 99, is_bot: false, first_name: "Anna" };
    expect(await t.send(t.updates.reply("wie widerspreche ich bei facebook?", group, person))).toEqual([]);
  });

  it("stays silent on the group's own chatter", async () => {
    const t = createTestBot();
    for (const text of [
      "frist?",
      "wie widerspreche ich bei insta",
      "Hallo zusammen!",
      "danke",
      "/foo",
      `@anna_schmidt frist?`,
    ]) {
      expect(await t.say(text, group), text).toEqual([]);
    }
    const photo = t.updates.message(
      { photo: [{ file_id: "p", file_unique_id: "p", width: 1, height: 1 }] },
      group,
    );
    expect(await t.send(photo)).toEqual([]);
  });

  it("shows /hilfe and /start in a group as the short introduction", async () => {
    const t = createTestBot();
    expect(texts(await t.say(`/hilfe@${bot}`, group))).toEqual([intro]);
    expect(texts(await t.say(`/start@${bot}`, group))).toEqual([intro]);
  });

  it("opens the whole answer in a private chat from the group's deep link", async () => {
    const t = createTestBot();
    const [groupAnswer] = await t.say(`@${bot} muss ich nochmal widersprechen?`, group);
    const url = new URL(buttons(groupAnswer)[0]?.url ?? "");
    const [privateAnswer] = await t.say(`/start ${url.searchParams.get("start")}`);
    expect(privateAnswer?.payload.chat_id).toBe(4242);
    expect(privateAnswer?.payload.text).toBe(answerText("already-objected"));
  });

  it("sends at most 20 messages a minute into one group and drops the rest", async () => {
    const logs: string[] = [];
    const start = new Date("2026-11-29T10:00:00Z");
    const t = createTestBot({ now: start, logs });
    let sent = 0;
    for (let i = 0; i < 25; i++) sent += texts(await t.say(`/frist@${bot}`, group)).length;
    expect(sent).toBe(20);
    // Another group has its own budget.
    expect(texts(await t.say(`/frist@${bot}`, otherGroup))).toHaveLength(1);
    // Private chats are not limited by it.
    expect(texts(await t.say("/frist"))).toHaveLength(1);
    const dropped = logs.map((l) => JSON.parse(l)).filter((l) => l.msg?.includes("budget spent"));
    expect(dropped).toHaveLength(5);
    expect(dropped[0]).toMatchObject({ chat_id: group, update_id: expect.any(Number) });
    // A minute after the first message the window has room again.
    t.setNow(new Date(start.getTime() + 60_000));
    expect(texts(await t.say(`/frist@${bot}`, group))).toHaveLength(1);
  });
});

describe("group settings", () => {
  const admin = (status: string) => (call: ApiCall) => {
    if (call.method === "getChatMember") {
      return { status, user: { id: call.payload.user_id, is_bot: false, first_name: "x" } };
    }
    return { message_id: 1, date: 0, chat: { id: group, type: "group" } };
  };

  it("tells a non-admin that only admins change the language, and changes nothing", async () => {
    const t = createTestBot({ respond: admin("member") });
    const calls = await t.say(`/sprache@${bot}`, group);
    expect(calls.map((c) => c.method)).toEqual(["getChatMember", "sendMessage"]);
    expect(texts(calls)).toEqual([de("groups.adminsOnly")]);
    const pressed = await t.press(encode({ kind: "language", lang: "en" }), group);
    expect(pressed.at(-1)).toEqual({
      method: "answerCallbackQuery",
      payload: expect.objectContaining({ text: de("groups.adminsOnly") }),
    });
    expect(texts(pressed)).toEqual([]);
    expect(await t.store.getChat(group)).toBeUndefined();
  });

  it("lets only admins see or delete the group's stored data", async () => {
    const t = createTestBot({ respond: admin("member") });
    await t.store.setLanguage(group, "de");
    for (const command of ["/meine_daten", "/loeschen"]) {
      expect(texts(await t.say(`${command}@${bot}`, group))).toEqual([de("groups.adminsOnly")]);
    }
    const pressed = await t.press(encode({ kind: "deleteData", confirm: true }), group);
    expect(pressed.at(-1)).toEqual({
      method: "answerCallbackQuery",
      payload: expect.objectContaining({ text: de("groups.adminsOnly") }),
    });
    expect(await t.store.getChat(group)).toBeDefined();
  });

  it("lets an admin change the group's language, asking Telegram once a minute at most", async () => {
    const start = new Date("2026-11-29T10:00:00Z");
    const t = createTestBot({ respond: admin("administrator"), now: start });
    const [, choose] = await t.say(`/sprache@${bot}`, group);
    expect(buttons(choose).map((b) => decode(b.data)?.kind)).toEqual(["language", "language"]);
    const pressed = await t.press(encode({ kind: "language", lang: "en" }), group);
    expect(pressed.some((c) => c.method === "getChatMember")).toBe(false); // cached
    expect(texts(pressed)).toEqual([en("language.changed")]);
    expect((await t.store.getChat(group))?.language).toBe("en");
    t.setNow(new Date(start.getTime() + 61_000));
    const later = await t.say(`/sprache@${bot}`, group);
    expect(later.map((c) => c.method)).toEqual(["getChatMember", "sendMessage"]);
  });

  it("treats an admin posting anonymously as the group as an admin", async () => {
    const t = createTestBot({ respond: admin("member") });
    const update = t.updates.text(`/sprache@${bot}`, group, {
      from: { id: 1_087_968_824, is_bot: true, first_name: "Group" },
      sender_chat: { id: group, type: "group", title: "Gruppe" },
    });
    const calls = await t.send(update);
    expect(calls.map((c) => c.method)).toEqual(["sendMessage"]);
    expect(texts(calls)).toEqual([de("language.choose")]);
  });
});
