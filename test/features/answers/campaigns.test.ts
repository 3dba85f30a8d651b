import { afterAll, describe, expect, it } from "vitest";
import { loadKnowledge } from "../../../src/knowledge/loader.js";
import { buttons, createTestBot, texts } from "../../helpers/bot.js";
import { copyContent, secondCampaign } from "../../helpers/content.js";

describe("a second campaign added as files", () => {
  const content = copyContent();
  for (const [path, text] of Object.entries(secondCampaign)) content.write(path, text);
  const knowledge = loadKnowledge(content.dir);
  afterAll(() => content.remove());

  it("/frist shows each campaign's deadline, each correct for today", async () => {
    const t = createTestBot({ knowledge, now: new Date("2030-02-27T09:00:00Z") });
    const [first, second] = texts(await t.say("/frist"));
    expect(first).toBe("<b>Noch 2 Tage bis zum 1. März 2030.</b>\n\n📎 <i>Quelle: Aushang am Kiosk</i>");
    expect(second).toContain("vorbei");
  });

  it("answers its questions and lists it in the topic menu", async () => {
    const t = createTestBot({ knowledge });
    const [answer] = texts(await t.say("Ab wann sammelt der Kiosk die Gurkenrezepte?"));
    expect(answer).toBe("<b>Noch 1188 Tage bis zum 1. März 2030.</b>\n\n📎 <i>Quelle: Aushang am Kiosk</i>");
    const [menu] = await t.say("/themen");
    expect(buttons(menu).map((b) => b.text)).toContain("🥒 Gurkenfrist");
  });
});
