import { afterEach, describe, expect, it } from "vitest";
import { KnowledgeError, loadKnowledge } from "../../src/knowledge/loader.js";
import { copyContent, secondCampaign } from "../helpers/content.js";

const entryFile = "campaigns/meta-ai-2025/entries/minors.yaml";

describe("loadKnowledge", () => {
  let content: ReturnType<typeof copyContent>;
  afterEach(() => content?.remove());

  const expectError = (message: RegExp) => {
    const error = (() => {
      try {
        loadKnowledge(content.dir);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(KnowledgeError);
    expect((error as Error).message).toMatch(message);
  };

  it("names the file of broken YAML", () => {
    content = copyContent();
    content.write(entryFile, "id: minors\ntitle: [unclosed\n");
    expectError(/entries\/minors\.yaml: not valid YAML/);
  });

  it("names the file, the entry and the field of an invalid entry", () => {
    content = copyContent();
    content.write(entryFile, content.read(entryFile).replace(/^summary:/m, "summery:"));
    expectError(/entries\/minors\.yaml \(entry "minors"\): .*summary/);
  });

  it("refuses a quote that the source does not contain", () => {
    content = copyContent();
    content.write(
      entryFile,
      content
        .read(entryFile)
        .replace(/- quote: "([^"]*)"/, '- quote: "Meta verkauft Kinderfotos an Dritte."'),
    );
    expectError(/entries\/minors\.yaml \(entry "minors"\): quote not found/);
  });

  it("refuses an address the campaign does not list", () => {
    content = copyContent();
    content.write(entryFile, `${content.read(entryFile).trimEnd()}\n  - url: https://example.com/made-up\n`);
    expectError(/entry "minors"\): https:\/\/example\.com\/made-up is not among/);
  });

  it("refuses a writer's phrasings for an id that is neither an entry nor an intent, and a writer twice", () => {
    content = copyContent();
    content.write("phrasings/zz-test.yaml", 'writer: zz-test\nentries:\n  no-such-topic: {de: ["frage"]}\n');
    expectError(/phrasings\/zz-test\.yaml: "no-such-topic" is neither an entry nor an intent/);
    content.remove();
    content = copyContent();
    content.write("phrasings/zz-a.yaml", 'writer: twice\nentries:\n  deadline: {de: ["frist?"]}\n');
    content.write("phrasings/zz-b.yaml", 'writer: twice\nentries:\n  deadline: {de: ["bis wann?"]}\n');
    expectError(/phrasings\/zz-b\.yaml: writer "twice" is already used/);
  });

  it("refuses a follow-up of an unknown kind or to an unknown entry", () => {
    content = copyContent();
    content.write(entryFile, `${content.read(entryFile).trimEnd()}\nfollowUps: { tiktok: deadline }\n`);
    expectError(/entry "minors": followUps\.tiktok is none of next, where, instagram/);
    content.remove();
    content = copyContent();
    content.write(entryFile, `${content.read(entryFile).trimEnd()}\nfollowUps: { next: no-such-entry }\n`);
    expectError(/entry "minors": followUps\.next "no-such-entry" does not exist/);
  });

  it("refuses thresholds that are not probabilities", () => {
    content = copyContent();
    content.write("calibration.yaml", "answer: 0.2\nclarify: 1.5\n");
    expectError(/calibration\.yaml: clarify: /);
  });

  it("refuses a related entry that does not exist and a duplicate id", () => {
    content = copyContent();
    content.write(entryFile, content.read(entryFile).replace(/^related:.*$/m, "related: [no-such-entry]"));
    expectError(/related entry "no-such-entry" does not exist/);
    content.remove();
    content = copyContent();
    content.write("campaigns/meta-ai-2025/entries/zz-copy.yaml", content.read(entryFile));
    expectError(/zz-copy\.yaml \(entry "minors"\): id is already used/);
  });

  it("takes a second campaign from files alone", () => {
    content = copyContent();
    for (const [path, text] of Object.entries(secondCampaign)) content.write(path, text);
    const knowledge = loadKnowledge(content.dir);
    expect(knowledge.campaigns.map((c) => c.id)).toEqual(["demo-2030", "meta-ai-2025"]);
    const entry = knowledge.entries.get("demo-deadline");
    expect(entry && knowledge.campaignOf(entry).deadline).toBe("2030-03-01");
    expect(knowledge.menu).toContain("demo-deadline");
    expect(knowledge.matcher.match("wann sammelt der kiosk gurkenrezepte").id).toBe("demo-deadline");
    // The first campaign is untouched.
    expect(knowledge.matcher.match("frist?").id).toBe("deadline");
  });
});
