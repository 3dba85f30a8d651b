import { describe, expect, it } from "vitest";
import { decode, encode } from "../../../src/bot/callback-data.js";
import { answerText, buttons, createTestBot, i18n, knowledge, texts } from "../../helpers/bot.js";

const de = i18n.fixed("de");
const en = i18n.fixed("en");

describe("/start", () => {
  it("welcomes in German with the topic menu", async () => {
    const t = createTestBot();
    const [call] = await t.say("/start");
    expect(call?.method).toBe("sendMessage");
    expect(call?.payload.text).toBe(de("welcome"));
    expect(call?.payload.parse_mode).toBe("HTML");
    const menu = buttons(call);
    expect(menu.map((b) => b.text)).toEqual(knowledge.menu.map((id) => knowledge.entries.get(id)?.title.de));
    expect(menu.map((b) => decode(b.data))).toEqual(knowledge.menu.map((id) => ({ kind: "answer", id })));
  });

  it("welcomes in English when Telegram says the user's language is English", async () => {
    const t = createTestBot({ languageCode: "en-GB" });
    const [call] = await t.say("/start");
    expect(call?.payload.text).toBe(en("welcome"));
    expect(buttons(call)[0]?.text).toBe(knowledge.entries.get(knowledge.menu[0] as string)?.title.en);
  });

  it("opens an answer directly from a deep link /start faq-<id>", async () => {
    const t = createTestBot();
    const [call] = await t.say("/start faq-object-instagram");
    expect(call?.payload.text).toContain("Widerspruchsrecht");
    expect(call?.payload.text).toContain("https://help.instagram.com/contact/767264225370182");
  });

  it("treats an unknown or malformed payload as a plain start", async () => {
    const t = createTestBot();
    for (const payload of ["faq-does-not-exist", "faq-", "%%%", "x".repeat(64)]) {
      const [call] = await t.say(`/start ${payload}`);
      expect(call?.payload.text).toBe(de("welcome"));
    }
  });
});

describe("free text in a private chat", () => {
  it("answers with the matching entry, its sources, and at most five buttons: next steps, 👍 👎, 'Mehr …'", async () => {
    const t = createTestBot();
    const [call] = await t.say("wie widerspreche ich bei insta?");
    expect(call?.payload.text).toBe(answerText("object-instagram"));
    expect(call?.payload.text).toContain("https://help.instagram.com/contact/767264225370182");
    const related = knowledge.entries.get("object-instagram")?.related ?? [];
    const first = buttons(call);
    expect(first.length).toBeLessThanOrEqual(5);
    expect(first.map((b) => decode(b.data))).toEqual([
      ...related.slice(0, 2).map((id) => ({ kind: "answer", id })),
      { kind: "feedback", id: "object-instagram", helpful: true },
      { kind: "feedback", id: "object-instagram", helpful: false },
      { kind: "more", id: "object-instagram", open: true },
    ]);
    // "Mehr …" shows the rest in place: the other related entries, "Teilen" and all topics.
    const pressed = await t.press(first.at(-1)?.data as string);
    expect(pressed.map((c) => c.method)).toEqual(["answerCallbackQuery", "editMessageReplyMarkup"]);
    const rest = buttons(pressed[1]);
    expect(rest.length).toBeLessThanOrEqual(5);
    expect(rest.map((b) => decode(b.data))).toEqual([
      ...related.slice(2).map((id) => ({ kind: "answer", id })),
      { kind: "share", id: "object-instagram" },
      { kind: "menu" },
    ]);
  });

  it("keeps every answer's buttons at five or fewer, the deadline's reminder button first", async () => {
    const t = createTestBot();
    for (const id of knowledge.entries.keys()) {
      const [call] = await t.say(`/start faq-${id}`);
      expect(buttons(call).length, id).toBeLessThanOrEqual(5);
      const more = buttons(call).at(-1)?.data as string;
      const [, edited] = await t.press(more);
      expect(buttons(edited).length, id).toBeLessThanOrEqual(5);
    }
    // Today no deadline lies ahead: the first button offers to tell about a new one.
    const [deadline] = await t.say("/frist");
    expect(decode(buttons(deadline)[0]?.data)).toEqual({ kind: "reminders", op: "notify" });
    const before = createTestBot({ now: new Date("2025-05-20T08:00:00Z") });
    const [ahead] = await before.say("/frist");
    expect(decode(buttons(ahead)[0]?.data)).toEqual({ kind: "reminders", op: "on" });
  });

  it("leads on after 👎: the question's other candidates, then related topics, and asking anew", async () => {
    const t = createTestBot();
    const question = "wie widerspreche ich bei insta?";
    const { suggestions } = knowledge.matcher.match(question);
    const [answer] = await t.say(question);
    const down = buttons(answer).find((b) => b.text === de("buttons.notHelpful"));
    const calls = await t.press(down?.data as string);
    expect(calls[0]).toMatchObject({
      method: "answerCallbackQuery",
      payload: { text: de("feedback.thanks") },
    });
    expect(calls[1]?.payload.text).toBe(de("feedback.better"));
    const offered = buttons(calls[1]).map((b) => decode(b.data));
    const related = knowledge.entries.get("object-instagram")?.related ?? [];
    const expected = [...new Set([...suggestions, ...related])].filter((id) => id !== "object-instagram");
    expect(offered).toEqual([
      ...expected.slice(0, 3).map((id) => ({ kind: "answer", id })),
      { kind: "menu" },
    ]);
  });

  it("answers colloquial German without umlauts and with typos", async () => {
    const t = createTestBot();
    const [call] = await t.say("muss ich nochmal wiedersprechen wenn ichs letztes jahr schon gemacht hab");
    expect(call?.payload.text).toBe(answerText("already-objected"));
    expect(
      buttons(call).some(
        (b) =>
          decode(b.data)?.kind === "feedback" && (decode(b.data) as { id: string }).id === "already-objected",
      ),
    ).toBe(true);
  });

  it("says honestly that it has no answer and offers the topics", async () => {
    const t = createTestBot();
    for (const question of ["Wie wird das Wetter?", "Was ist die Hauptstadt von Frankreich?"]) {
      const [call] = await t.say(question);
      expect(call?.payload.text, question).toBe(de("answer.notFound"));
      expect(buttons(call).map((b) => decode(b.data)?.kind)).toEqual(knowledge.menu.map(() => "answer"));
    }
  });

  it("never meets a question naming a platform with a bare 'no answer': it offers the closest topics", async () => {
    const t = createTestBot();
    for (const question of [
      "Wie lösche ich mein Facebook-Konto?",
      "Kann ich bei Facebook meinen Namen ändern?",
    ]) {
      const result = knowledge.matcher.match(question);
      expect(result.id, question).toBeNull();
      const [call] = await t.say(question);
      expect([de("answer.notFoundClose"), de("answer.didYouMean")], question).toContain(call?.payload.text);
      const actions = buttons(call).map((b) => decode(b.data));
      expect(actions.slice(0, -1)).toEqual(result.suggestions.map((id) => ({ kind: "answer", id })));
      expect(actions.at(-1)).toEqual({ kind: "menu" });
    }
  });

  it("answers English questions for an English user", async () => {
    const t = createTestBot({ languageCode: "en" });
    const [call] = await t.say("are my private messages used for the AI?");
    expect(call?.payload.text).toBe(answerText("private-messages", "en"));
  });

  it("answers the bot's own intents", async () => {
    const t = createTestBot();
    expect(texts(await t.say("Hallo!"))).toEqual([de("intents.greeting")]);
    expect(texts(await t.say("danke dir"))).toEqual([de("intents.thanks")]);
    expect(texts(await t.say("Was speichert dieser Bot über mich?"))).toEqual([de("privacy")]);
    expect(texts(await t.say("Bist du von Meta?"))).toEqual([de("intents.aboutBot")]);
    const [group] = texts(await t.say("Wie füge ich den Bot zu einer Telegram-Gruppe hinzu?"));
    expect(group).toContain(de("intents.share", { link: "https://t.me/WiderspruchBot" }));
    expect(group).toContain("Mitglied hinzufügen");
    const english = createTestBot({ languageCode: "en" });
    expect(texts(await english.say("who runs this bot?"))).toEqual([en("intents.aboutBot")]);
  });

  it("handles very long and odd texts without error", async () => {
    const t = createTestBot();
    for (const text of ["x".repeat(4096), "🙂🙂🙂", "مرحبا كيف حالك", "‮‏​", "<b>&amp;</b>"]) {
      const calls = await t.say(text);
      expect(calls).toHaveLength(1);
      expect(calls[0]?.payload.text).toBe(de("answer.notFound"));
    }
  });
});

describe("buttons", () => {
  it("opens an answer from a topic button", async () => {
    const t = createTestBot();
    const calls = await t.press(encode({ kind: "answer", id: "minors" }));
    expect(calls[0]?.method).toBe("answerCallbackQuery");
    expect(calls[1]?.payload.text).toBe(answerText("minors"));
  });

  it("shows the menu from the 'all topics' button", async () => {
    const t = createTestBot();
    const calls = await t.press(encode({ kind: "menu" }));
    expect(texts(calls)).toEqual([de("menu.title")]);
  });

  it("thanks for feedback without sending a message", async () => {
    const t = createTestBot();
    const calls = await t.press(encode({ kind: "feedback", id: "minors", helpful: true }));
    expect(calls).toEqual([
      { method: "answerCallbackQuery", payload: expect.objectContaining({ text: de("feedback.thanks") }) },
    ]);
  });

  it("answers a stale or forged button with a short note", async () => {
    const t = createTestBot();
    for (const data of ["0:a:minors", "1:a:no-such-entry", "1:f:y:no-such-entry", "garbage", "1:l:fr", ""]) {
      const calls = await t.press(data);
      expect(calls, data).toEqual([
        { method: "answerCallbackQuery", payload: expect.objectContaining({ text: de("callback.stale") }) },
      ]);
    }
  });
});

describe("/frist", () => {
  it("counts down before the deadline", async () => {
    const t = createTestBot({ now: new Date("2025-05-15T09:00:00Z") });
    const [text] = texts(await t.say("/frist"));
    expect(text).toContain("12 Tage");
    expect(text).toContain("27. Mai 2025");
  });

  it("says on the day before that today is the last day, not '1 day'", async () => {
    const t = createTestBot({ now: new Date("2025-05-26T09:00:00Z"), languageCode: "en" });
    const [text] = texts(await t.say("/frist"));
    expect(text).toContain("Today is the last day to object in time.");
    expect(text).not.toMatch(/\b1 days?\b/);
  });

  it("says 'heute' on the day, by the Berlin calendar", async () => {
    // 22:30 UTC on 26 May is already 27 May in Berlin.
    const t = createTestBot({ now: new Date("2025-05-26T22:30:00Z") });
    const [text] = texts(await t.say("/frist"));
    expect(text).toContain("Heute");
  });

  it("says plainly after the deadline that it passed and objecting still protects from now on", async () => {
    const t = createTestBot({ now: new Date("2026-11-29T10:00:00Z") });
    const [text] = texts(await t.say("/frist"));
    expect(text).toContain("vorbei");
    expect(text).toContain("begonnen");
    expect(text).toMatch(/für die Zukunft|ab jetzt/);
  });
});

describe("/hilfe, /themen, /sprache and unknown commands", () => {
  it("shows the help in either language", async () => {
    expect(texts(await createTestBot().say("/hilfe"))[0]).toContain(de("helpPage.intro"));
    expect(texts(await createTestBot({ languageCode: "en" }).say("/help"))[0]).toContain(
      en("helpPage.intro"),
    );
  });

  it("shows the topic menu", async () => {
    const [call] = await createTestBot().say("/themen");
    expect(call?.payload.text).toBe(de("menu.title"));
    expect(buttons(call)).toHaveLength(knowledge.menu.length);
  });

  it("switches the language and remembers it", async () => {
    const t = createTestBot();
    const [choose] = await t.say("/sprache");
    expect(buttons(choose).map((b) => decode(b.data))).toEqual([
      { kind: "language", lang: "de" },
      { kind: "language", lang: "en" },
    ]);
    const switched = await t.press(encode({ kind: "language", lang: "en" }));
    expect(texts(switched)).toEqual([en("language.changed")]);
    expect((await t.store.getChat(4242))?.language).toBe("en");
    // The German client now gets English answers.
    expect(texts(await t.say("/hilfe"))[0]).toContain(en("helpPage.intro"));
  });

  it("points to /hilfe for unknown commands", async () => {
    expect(texts(await createTestBot().say("/foo bar"))).toEqual([de("unknownCommand")]);
  });
});

describe("non-text messages", () => {
  it("replies with a short note in a private chat", async () => {
    const t = createTestBot();
    const kinds = [
      { photo: [{ file_id: "p", file_unique_id: "p", width: 1, height: 1 }] },
      {
        sticker: {
          file_id: "s",
          file_unique_id: "s",
          type: "regular",
          width: 1,
          height: 1,
          is_animated: false,
          is_video: false,
        },
      },
      { voice: { file_id: "v", file_unique_id: "v", duration: 1 } },
      { location: { latitude: 52.5, longitude: 13.4 } },
      { document: { file_id: "d", file_unique_id: "d" } },
    ];
    for (const content of kinds) {
      expect(texts(await t.send(t.updates.message(content)))).toEqual([de("nonText")]);
    }
  });

  it("ignores edited messages on purpose", async () => {
    const t = createTestBot();
    const update = t.updates.text("frist?");
    const edited = { update_id: update.update_id + 100, edited_message: { ...update.message, edit_date: 1 } };
    expect(await t.send(edited as never)).toEqual([]);
  });
});

describe("error boundary", () => {
  it("logs the failure with the update id and apologises", async () => {
    const logs: string[] = [];
    let failed = false;
    const t = createTestBot({
      logs,
      respond: (call) => {
        if (call.method === "sendMessage" && !failed) {
          failed = true;
          throw new Error("boom");
        }
        return { message_id: 1, date: 0, chat: { id: 4242, type: "private" } };
      },
    });
    const update = t.updates.text("/hilfe");
    const calls = await t.send(update);
    expect(texts(calls)[0]).toContain(de("helpPage.intro"));
    expect(texts(calls).slice(1)).toEqual([de("error.apology")]);
    const errorLine = logs.map((l) => JSON.parse(l)).find((l) => l.level === 50);
    expect(errorLine).toMatchObject({ update_id: update.update_id });
  });
});
