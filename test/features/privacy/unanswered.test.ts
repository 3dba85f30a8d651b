import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { UpdateFactory } from "../../../src/bot/offline.js";
import {
  createUnansweredPruner,
  formatReport,
  normaliseQuestion,
} from "../../../src/features/privacy/unanswered.js";
import { openSqliteStore } from "../../../src/storage/sqlite.js";
import { createTestBot } from "../../helpers/bot.js";

const unanswerable = "Wie backe ich einen Käsekuchen mit Streuseln?";
const day = 86_400_000;

describe("unanswered-question log", () => {
  it("normalises to lowercase, umlaut-folded words without punctuation", () => {
    expect(normaliseQuestion("Wie backe ich einen KÄSEKUCHEN mit Streuseln?!")).toBe(
      "wie backe ich einen kasekuchen mit streuseln",
    );
    expect(normaliseQuestion("Straße – Größe, über")).toBe("strasse grosse uber");
    expect(normaliseQuestion("?!…")).toBe("");
  });

  it("cuts out web and e-mail addresses, @handles, numbers of four digits or more, and the names given", () => {
    expect(normaliseQuestion("Löscht Meta MEINE Fotos? Tel. 0170 1234567")).toBe(
      "loscht meta meine fotos tel",
    );
    expect(normaliseQuestion("ruf an: +49 (170) 123 45 67 oder 0170/1234-567")).toBe("ruf an oder");
    expect(normaliseQuestion("an erika.mustermann@example.org schreiben")).toBe("an schreiben");
    expect(
      normaliseQuestion(
        "siehe https://example.org/a?b=1, www.erika-blog.de, erika-blog.de/impressum, meta.com",
      ),
    ).toBe("siehe");
    expect(normaliseQuestion("frag @erika_m99 oder @Hans")).toBe("frag oder");
    expect(normaliseQuestion("Kundennr. 12345, PLZ 10115")).toBe("kundennr plz");
    // Short numbers stay: articles, paragraphs, days.
    expect(normaliseQuestion("Gilt Art. 6 Abs. 1 DSGVO nach 3 Tagen?")).toBe(
      "gilt art 6 abs 1 dsgvo nach 3 tagen",
    );
    expect(normaliseQuestion("Ich bin Jürgen Meier, gilt das?", ["Juergen", "Meier", "jm_1"])).toBe(
      "ich bin gilt das",
    );
  });

  it("keeps none of what the README and /datenschutz promise it never keeps, through the whole bot", async () => {
    // The README's list: numbers of four digits or more (phone numbers), e-mail addresses, web
    // addresses, @handles, and the names Telegram gives the bot (sender, forwarded from, replied to).
    const markers = {
      phone: ["0170 1234567", "+49 (170) 123 45 67", "0170/1234-567"],
      email: ["erika.mustermann@example.org", "e.m@posteo.de"],
      web: ["https://erika-mustermann.example.org/kontakt", "www.erikas-blog.de"],
      handle: ["@erika_handle", "@kollegin_klara"],
    };
    const person = { id: 31337, first_name: "Erikaxy", last_name: "Musterfrauxy", username: "erikaxy_m" };
    const forwardedFrom = { id: 777, is_bot: false, first_name: "Hanswurstxy", last_name: "Wurstigxy" };
    const repliedTo = { id: 778, is_bot: false, first_name: "Klaraxy", username: "korn_klaraxy" };
    const t = createTestBot({ deps: { unansweredLogDays: 30 } });
    const user = new UpdateFactory({ ...person, language_code: "de" } as never);
    const cake = "Wie backe ich einen Käsekuchen mit Streuseln?";
    const questions = [
      `${cake} Ruf mich an: ${markers.phone[0]}, ich bin Erikaxy Musterfrauxy`,
      `${cake} Oder ${markers.phone[1]} bzw. ${markers.phone[2]}`,
      `${cake} Schreib an ${markers.email[0]} oder ${markers.email[1]}`,
      `${cake} Siehe ${markers.web[0]} und ${markers.web[1]}`,
      `${cake} Frag ${markers.handle[0]} oder ${markers.handle[1]}, sag erikaxy_m Bescheid`,
    ];
    for (const text of questions) await t.send(user.text(text));
    await t.send(
      user.text(`${cake} Das hat mir Hanswurstxy Wurstigxy geschickt`, undefined, {
        forward_origin: { type: "user", date: 0, sender_user: forwardedFrom },
      }),
    );
    await t.send(
      user.text(`${cake} Klaraxy, korn_klaraxy meint das auch`, undefined, {
        reply_to_message: { message_id: 1, date: 0, chat: { id: 31337, type: "private" }, from: repliedTo },
      }),
    );
    const kept = (await t.store.unansweredReport(new Date(0), 100)).map((r) => r.text);
    expect(kept).toHaveLength(7);
    expect(kept.every((text) => text.startsWith("wie backe ich einen kasekuchen mit streuseln"))).toBe(true);
    const words = new Set(kept.join(" ").split(" "));
    const forbidden = [
      ...Object.values(markers)
        .flat()
        .flatMap((marker) => normaliseQuestion(marker.replace(/[^\p{L}\p{N}]+/gu, " ")).split(" ")),
      ...[person, forwardedFrom, repliedTo].flatMap((p) => Object.values(p).map(String)),
    ]
      .map((word) => word.toLowerCase())
      .filter(
        (word) => word.length > 1 && !["de", "org", "www", "https"].includes(word) && !/^\d{1,3}$/.test(word),
      );
    for (const word of forbidden) expect(words.has(word), word).toBe(false);
    expect(kept.join(" ")).not.toMatch(/\d{4}/);
  });

  it("records nothing by default", async () => {
    const t = createTestBot();
    await t.say(unanswerable);
    expect(await t.store.unansweredReport(new Date(0), 10)).toEqual([]);
  });

  it("when on, keeps only the normalised text of questions without an answer", async () => {
    const t = createTestBot({ deps: { unansweredLogDays: 7 } });
    await t.say(unanswerable);
    await t.say(unanswerable.toLowerCase());
    await t.say("wie widerspreche ich bei instagram?");
    expect(await t.store.unansweredReport(new Date(0), 10)).toEqual([
      { text: "wie backe ich einen kasekuchen mit streuseln", count: 2 },
    ]);
    // Kept apart from the chat: it is not part of what /meine_daten shows or /loeschen deletes.
    const exported = JSON.stringify(await t.store.exportChat(4242));
    expect(exported).not.toContain("kasekuchen");
  });

  it("prunes questions older than the configured days, and everything when the log is off", async () => {
    const store = openSqliteStore(":memory:");
    const now = new Date("2026-11-29T10:00:00Z");
    await store.recordUnanswered("alt", new Date(now.getTime() - 8 * day));
    await store.recordUnanswered("neu", new Date(now.getTime() - day));
    const logger = pino({ level: "silent" });
    const pruner = createUnansweredPruner({ store, days: 7, clock: () => now, logger });
    expect(await pruner.runOnce()).toBe(1);
    expect(await store.unansweredReport(new Date(0), 10)).toEqual([{ text: "neu", count: 1 }]);
    const off = createUnansweredPruner({ store, days: 0, clock: () => now, logger });
    expect(await off.runOnce()).toBe(1);
    expect(await store.unansweredReport(new Date(0), 10)).toEqual([]);
    await store.close();
  });

  it("reports the most frequent first, ties alphabetically, at most the limit", async () => {
    const store = openSqliteStore(":memory:");
    const now = new Date("2026-11-29T10:00:00Z");
    // Recorded interleaved and rarest first: the order can only come from counting.
    const asked = [
      ["zahlt meta mir geld", 1],
      ["wie losche ich mein konto", 1],
      ["gilt das fur threads", 3],
      ["was kostet werbung", 12],
    ] as const;
    for (let round = 0; round < 12; round++) {
      for (const [text, times] of asked) if (round < times) await store.recordUnanswered(text, now);
    }
    expect(formatReport(await store.unansweredReport(new Date(0), 3), 30)).toBe(
      "Most frequent unanswered questions, last 30 days:\n" +
        "12  was kostet werbung\n" +
        " 3  gilt das fur threads\n" +
        " 1  wie losche ich mein konto\n",
    );
    expect(formatReport(await store.unansweredReport(new Date(now.getTime() + 1), 3), 7)).toBe(
      "No unanswered questions in the last 7 days.\n",
    );
    await store.close();
  });
});
