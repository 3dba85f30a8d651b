import { Api } from "grammy";
import { describe, expect, it } from "vitest";
import { decode, encode } from "../../src/bot/callback-data.js";
import { registerCommands } from "../../src/bot/commands.js";
import { type ApiCall, offlineApi, offlineBotInfo } from "../../src/bot/offline.js";
import { answerText, buttons, createTestBot, i18n, knowledge, texts } from "../helpers/bot.js";

const de = i18n.fixed("de");
const en = i18n.fixed("en");
const bot = offlineBotInfo.username;
const group = -100_777;
const otherGroup = -100_888;

const summary = (id: string, lang: "de" | "en" = "de") => knowledge.entries.get(id)?.summary[lang] ?? "";
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
    expect(texts(calls)).toEqual([de("groups.intro", { bot })]);
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
      `<b>Nein, Sie müssen nicht noch einmal widersprechen.</b>\n${summary("already-objected")}`,
    );
    // A mention alone: how to ask.
    expect(texts(await t.say(`@${bot}`, group))).toEqual([de("groups.askHow", { command: `/frage@${bot}` })]);
    // Out of scope: a short no, without the whole topic menu.
    expect(texts(await t.say(`Wie wird das Wetter, @${bot}?`, group))).toEqual([de("groups.notFound")]);
    // Small talk gets the short introduction, not the private chat's menu.
    expect(texts(await t.say(`Hallo @${bot}`, group))).toEqual([de("groups.intro", { bot })]);
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
    expect(texts(await t.say(`/hilfe@${bot}`, group))).toEqual([de("groups.intro", { bot })]);
    expect(texts(await t.say(`/start@${bot}`, group))).toEqual([de("groups.intro", { bot })]);
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

interface Article {
  type: string;
  id: string;
  title: string;
  description: string;
  input_message_content: { message_text: string; parse_mode: string };
  reply_markup: { inline_keyboard: { text: string; url?: string }[][] };
}

async function inlineResults(t: ReturnType<typeof createTestBot>, query: string) {
  const calls = await t.send(t.updates.inlineQuery(query));
  expect(calls.map((c) => c.method)).toEqual(["answerInlineQuery"]);
  const payload = calls[0]?.payload as { results: Article[]; cache_time: number; is_personal: boolean };
  return payload;
}

describe("inline mode", () => {
  it("lists the best matching answers as cards, best first", async () => {
    const t = createTestBot();
    const { results, cache_time } = await inlineResults(t, "insta widerspruch");
    expect(results[0]?.id).toBe("object-instagram");
    expect(results.length).toBeGreaterThanOrEqual(1);
    expect(results.length).toBeLessThanOrEqual(10);
    expect(cache_time).toBe(300);
    const [card] = results;
    expect(card).toMatchObject({
      type: "article",
      title: knowledge.entries.get("object-instagram")?.title.de,
      description: summary("object-instagram"),
      input_message_content: { message_text: answerText("object-instagram"), parse_mode: "HTML" },
    });
    expect(card?.reply_markup.inline_keyboard.flat()).toEqual([
      { text: de("sharing.askBot"), url: deepLink("object-instagram") },
    ]);
    const ranked = knowledge.matcher.rank("insta widerspruch", 50).filter((c) => knowledge.entries.has(c.id));
    expect(results.map((r) => r.id)).toEqual(ranked.slice(0, results.length).map((c) => c.id));
  });

  it("writes the cards in the query's language when its words tell, and shares them through the cache", async () => {
    const t = createTestBot(); // a German client
    const { results, is_personal } = await inlineResults(t, "how do I object on instagram");
    expect(results[0]?.id).toBe("object-instagram");
    expect(results[0]?.input_message_content.message_text).toBe(answerText("object-instagram", "en"));
    expect(results[0]?.reply_markup.inline_keyboard.flat()[0]?.text).toBe(en("sharing.askBot"));
    expect(is_personal).toBe(false);
  });

  it("offers the topic list for a query it has nothing for, never an empty result", async () => {
    const t = createTestBot();
    const topics = (await inlineResults(t, "")).results.map((r) => r.id);
    for (const query of ["xyzzy", "wie wird das wetter", "Wie lösche ich mein Facebook-Konto?"]) {
      const { results } = await inlineResults(t, query);
      expect(
        results.map((r) => r.id),
        query,
      ).toEqual(topics);
    }
  });

  it("lists the most asked topics for an empty query, in the person's language", async () => {
    const { results, is_personal } = await inlineResults(createTestBot({ languageCode: "en" }), "");
    expect(results.slice(0, 3).map((r) => r.id)).toEqual(["deadline", "how-to-object", "already-objected"]);
    expect(results.length).toBeLessThanOrEqual(10);
    expect(results[0]?.title).toBe(knowledge.entries.get("deadline")?.title.en);
    expect(is_personal).toBe(true);
  });

  it("keeps every card's message within Telegram's 4096 characters", async () => {
    const t = createTestBot();
    for (const entry of knowledge.entries.values()) {
      const { results } = await inlineResults(t, entry.title.de.replace(/^\P{L}+/u, ""));
      expect(results[0]?.id).toBe(entry.id);
      expect(results[0]?.input_message_content.message_text.length).toBeLessThanOrEqual(4096);
    }
  });
});

describe("sharing", () => {
  it("/teilen gives a share link to the bot and a button into inline mode", async () => {
    const t = createTestBot();
    const [call] = await t.say("/teilen");
    expect(call?.payload.text).toContain(de("intents.share", { link: `https://t.me/${bot}` }));
    const [link, inline] = buttons(call);
    expect(link?.text).toBe(de("sharing.shareLink"));
    const url = new URL(link?.url ?? "");
    expect(`${url.origin}${url.pathname}`).toBe("https://t.me/share/url");
    expect(url.searchParams.get("url")).toBe(`https://t.me/${bot}`);
    expect(url.searchParams.get("text")).toBe(de("sharing.shareText"));
    expect(inline).toEqual({ text: de("sharing.sendAnswers"), inline: "" });
  });

  it("answers /share and the free-text wish to recommend the bot the same way", async () => {
    const t = createTestBot();
    const [viaCommand] = await t.say("/share");
    const [viaText] = await t.say("Wie kann ich den Bot mit Freunden teilen?");
    expect(viaText?.payload.text).toBe(viaCommand?.payload.text);
    expect(buttons(viaText)).toEqual(buttons(viaCommand));
    const [english] = await createTestBot({ languageCode: "en" }).say("/share");
    expect(english?.payload.text).toContain(en("intents.share", { link: `https://t.me/${bot}` }));
  });

  it("puts a 'Teilen' button under answers that sends this answer on through inline mode", async () => {
    const t = createTestBot();
    const [answer] = await t.say("wie widerspreche ich bei insta?");
    const shareButton = buttons(answer).find((b) => b.text === de("sharing.button"));
    expect(decode(shareButton?.data)).toEqual({ kind: "share", id: "object-instagram" });
    const calls = await t.press(shareButton?.data ?? "");
    expect(calls[0]?.method).toBe("answerCallbackQuery");
    expect(calls[1]?.payload.text).toContain(de("sharing.topicHint", { topic: "Widerspruch Instagram" }));
    const inline = buttons(calls[1]).find((b) => b.inline !== undefined);
    expect(inline).toEqual({ text: de("sharing.sendAnswer"), inline: "Widerspruch Instagram" });
    // That query brings the same answer up first in inline mode.
    const { results } = await inlineResults(t, inline?.inline ?? "");
    expect(results[0]?.input_message_content.message_text).toBe(answerText("object-instagram"));
  });

  it("answers a forged or stale share button with a short note", async () => {
    const t = createTestBot();
    for (const data of ["1:s:no-such-entry", "1:s:Bad", "1:s:a:b", "2:s", "1:s:"]) {
      expect(await t.press(data), data).toEqual([
        { method: "answerCallbackQuery", payload: expect.objectContaining({ text: de("callback.stale") }) },
      ]);
    }
  });

  it("keeps share callback data versioned and within 64 bytes", () => {
    const longest = "a".repeat(40);
    for (const action of [{ kind: "share" as const }, { kind: "share" as const, id: longest }]) {
      const data = encode(action);
      expect(data.startsWith("1:")).toBe(true);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(decode(data)).toEqual(action);
    }
  });
});

describe("deep links", () => {
  it("opens an answer, and treats anything else as a plain start", async () => {
    const t = createTestBot();
    expect(texts(await t.say("/start faq-already-objected"))).toEqual([answerText("already-objected")]);
    for (const payload of ["faq-UPPER", "faq-a b", "teilen", `faq-${"x".repeat(41)}`, "\u202e"]) {
      expect(texts(await t.say(`/start ${payload}`)), payload).toEqual([de("welcome")]);
    }
  });
});

describe("/frage in a private chat", () => {
  it("answers the question after the command, or says how to ask", async () => {
    const t = createTestBot();
    expect(texts(await t.say("/frage muss ich nochmal widersprechen?"))).toEqual([
      answerText("already-objected"),
    ]);
    expect(texts(await t.say("/frage"))).toEqual([de("groups.askHow", { command: "/frage" })]);
    const english = createTestBot({ languageCode: "en" });
    expect(texts(await english.say("/question are my private messages used?"))).toEqual([
      answerText("private-messages", "en"),
    ]);
  });
});

describe("command menus", () => {
  it("are set separately for private chats and groups, in German and English", async () => {
    const calls: ApiCall[] = [];
    const api = new Api("123:offline");
    api.config.use(offlineApi((call) => calls.push(call)));
    await registerCommands(api, i18n);
    const menu = (scope: string | undefined, lang: string | undefined) =>
      calls.find(
        (c) =>
          (c.payload.scope as { type?: string } | undefined)?.type === scope &&
          c.payload.language_code === lang,
      )?.payload.commands as { command: string; description: string }[];
    const names = (scope: string | undefined, lang: string | undefined) =>
      menu(scope, lang)?.map((c) => c.command);
    expect(names("all_private_chats", "de")).toEqual([
      "start",
      "frage",
      "frist",
      "erinnern",
      "stopp",
      "themen",
      "teilen",
      "hilfe",
      "sprache",
      "datenschutz",
      "meine_daten",
      "loeschen",
    ]);
    expect(names("all_private_chats", "en")).toEqual([
      "start",
      "question",
      "deadline",
      "remind",
      "stop",
      "topics",
      "share",
      "help",
      "language",
      "privacy",
      "mydata",
      "delete",
    ]);
    expect(names("all_group_chats", "de")).toEqual([
      "frage",
      "frist",
      "erinnern",
      "stopp",
      "themen",
      "teilen",
      "hilfe",
      "sprache",
      "datenschutz",
    ]);
    expect(names("all_group_chats", "en")).toEqual([
      "question",
      "deadline",
      "remind",
      "stop",
      "topics",
      "share",
      "help",
      "language",
      "privacy",
    ]);
    expect(names("all_group_chats", undefined)).toEqual(names("all_group_chats", "de"));
    expect(names(undefined, undefined)).toEqual(names("all_private_chats", "de"));
    for (const call of calls) {
      for (const c of call.payload.commands as { description: string }[]) expect(c.description).not.toBe("");
    }
  });
});

describe("matcher.rank", () => {
  it("ranks like match(): the same best entry, scores falling, at most the limit", () => {
    for (const question of ["insta widerspruch", "muss ich nochmal widersprechen?", "bis wann?", "daten?"]) {
      const ranked = knowledge.matcher.rank(question, 5);
      const result = knowledge.matcher.match(question);
      expect(ranked.length).toBeLessThanOrEqual(5);
      expect(ranked[0]?.id, question).toBe(result.id);
      expect(ranked[0]?.score).toBe(result.score);
      for (let i = 1; i < ranked.length; i++) {
        expect(ranked[i]?.score ?? 0).toBeLessThanOrEqual(ranked[i - 1]?.score ?? 0);
      }
    }
    expect(knowledge.matcher.rank("", 5)).toEqual([]);
    expect(knowledge.matcher.rank("insta", 0)).toEqual([]);
  });
});
