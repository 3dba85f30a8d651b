import { describe, expect, it } from "vitest";
import { encode } from "../../../src/bot/callback-data.js";
import type { ApiCall } from "../../../src/bot/offline.js";
import { createTestBot, i18n, knowledge } from "../../helpers/bot.js";

/** Every text the person sees from these calls: messages and the toasts of answered buttons. */
const seen = (calls: ApiCall[]) =>
  calls.flatMap((c) =>
    (c.method === "sendMessage" || c.method === "answerCallbackQuery") && c.payload.text
      ? [String(c.payload.text)]
      : [],
  );

describe("/sprache", () => {
  it("confirms one choice exactly once, in the chosen language, with the topics", async () => {
    for (const lang of ["de", "en"] as const) {
      const t = createTestBot({ languageCode: lang === "de" ? "en" : "de" });
      await t.say("/sprache");
      const calls = await t.press(encode({ kind: "language", lang }));
      const confirmation = i18n.t(lang, "language.changed");
      expect(seen(calls).filter((text) => text === confirmation)).toHaveLength(1);
      expect(seen(calls)).toEqual([confirmation]);
      // The button press is still answered, so Telegram stops its spinner.
      expect(calls.filter((c) => c.method === "answerCallbackQuery")).toHaveLength(1);
      const message = calls.find((c) => c.method === "sendMessage");
      const markup = message?.payload.reply_markup as { inline_keyboard: unknown[][] };
      expect(markup.inline_keyboard.flat()).toHaveLength(knowledge.menu.length);
      expect((await t.store.getChat(4242))?.language).toBe(lang);
    }
  });
});
