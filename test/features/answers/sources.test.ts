import { describe, expect, it } from "vitest";
import { createTestBot, i18n, knowledge } from "../../helpers/bot.js";

/** The answer's last line, and the addresses it links. */
function sourceLineOf(text: string): { line: string; links: string[] } {
  const line = text.split("\n").at(-1) ?? "";
  return { line, links: [...line.matchAll(/<a href="([^"]+)">/g)].map((m) => m[1] as string) };
}

describe("sources under every answer", () => {
  for (const lang of ["de", "en"] as const) {
    it(`ends every entry's answer with its sources, linked only to the entry's own addresses (${lang})`, async () => {
      const t = createTestBot({ languageCode: lang });
      const label = i18n.fixed(lang);
      for (const entry of knowledge.entries.values()) {
        const [call] = await t.say(`/start faq-${entry.id}`);
        const { line, links } = sourceLineOf(String(call?.payload.text));
        expect(line, entry.id).toMatch(
          new RegExp(`^📎 <i>(${label("answer.source")}|${label("answer.sources")}): `),
        );
        const addresses = entry.sources.flatMap((s) => ("url" in s ? [s.url] : []));
        // Every link is one of the entry's sources; every publisher the entry cites is linked.
        for (const link of links) expect(addresses, entry.id).toContain(link);
        for (const citation of entry.citations.filter((c) => c.url)) expect(links).toContain(citation.url);
        // Facts from the article are credited to it by name (it has no address).
        if (entry.sources.some((s) => "quote" in s)) {
          expect(line, entry.id).toContain(
            lang === "de" ? "Presseartikel, April 2025" : "Press article, April 2025",
          );
        }
      }
    });
  }

  it("shows the sources in groups too, under the short answer", async () => {
    const t = createTestBot();
    const [call] = await t.say(`/frage@${t.bot.botInfo.username} muss ich nochmal widersprechen?`, -100123);
    const { line, links } = sourceLineOf(String(call?.payload.text));
    expect(line).toMatch(/^📎 <i>Quellen?: /);
    expect(links.length).toBeGreaterThan(0);
  });
});
