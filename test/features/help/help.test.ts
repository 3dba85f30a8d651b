import { describe, expect, it } from "vitest";
import { commandMenu } from "../../../src/features/commands.js";
import { buttons, createTestBot, i18n, knowledge, texts } from "../../helpers/bot.js";

const bot = "WiderspruchBot";
const group = -100_555;
/** Operator commands: never shown to users. */
const operatorCommands = ["/stats", "/broadcast"];

describe("/hilfe", () => {
  it("lists every command of the private menu with its menu description, in German and English", async () => {
    for (const lang of ["de", "en"] as const) {
      const t = createTestBot({ languageCode: lang });
      const calls = await t.say(lang === "de" ? "/hilfe" : "/help");
      const [text] = texts(calls);
      for (const command of commandMenu) {
        const name = command[lang];
        expect(text, `/${name}`).toContain(`\n/${name} – ${i18n.t(lang, `commands.${name}`)}`);
      }
      for (const operator of operatorCommands) expect(text).not.toContain(operator);
      expect(text).toContain(i18n.t(lang, "helpPage.intro"));
      expect(text).toContain(i18n.t(lang, "helpPage.outro"));
      // The topics come along, as before.
      expect(buttons(calls[0])).toHaveLength(knowledge.menu.length);
    }
  });

  it("lists in a group every command of the group menu, inside the group introduction", async () => {
    for (const lang of ["de", "en"] as const) {
      const t = createTestBot({ languageCode: lang });
      const [text] = texts(await t.say(`/${lang === "de" ? "hilfe" : "help"}@${bot}`, group));
      expect(text).toContain(lang === "de" ? "So fragen Sie mich hier:" : "How to ask me here:");
      for (const command of commandMenu) {
        const name = command[lang];
        if (command.groups) expect(text, `/${name}`).toContain(`/${name} – `);
        else expect(text, `/${name}`).not.toContain(`/${name} – `);
      }
      for (const operator of operatorCommands) expect(text).not.toContain(operator);
    }
  });

  it("is the same text when asked in words ('was kannst du?') as with /hilfe", async () => {
    for (const [lang, question] of [
      ["de", "was kannst du alles?"],
      ["en", "what can you do?"],
    ] as const) {
      const t = createTestBot({ languageCode: lang });
      const [command] = texts(await t.say(lang === "de" ? "/hilfe" : "/help"));
      const [words] = texts(await t.say(question));
      expect(words, lang).toBe(command);
    }
  });
});
