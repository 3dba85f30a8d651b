import { describe, expect, it } from "vitest";
import { followUpOf, followUpTarget, matchInContext } from "../../src/knowledge/followups.js";
import { knowledge } from "../helpers/bot.js";

const of = (text: string) => followUpOf(text, knowledge.normalizer.words(text), knowledge.lexicon.followUps);

describe("followUpOf", () => {
  it("recognises platform-only follow-ups, with connecting words, in German and English", () => {
    for (const text of [
      "und bei insta?",
      "and instagram?",
      "Facebook?",
      "what about whatsapp",
      "ok und bei fb",
    ]) {
      expect(of(text)?.kind, text).toBe("platform");
    }
    expect(of("und bei insta?")).toEqual({ kind: "platform", platform: "instagram" });
  });

  it("recognises asking for the next step, and confusion", () => {
    for (const text of ["wie geht das?", "und dann?", "Und nun?", "ok what now", "how?"]) {
      expect(of(text)?.kind, text).toBe("next");
    }
    for (const text of ["hä?", "versteh ich nicht", "I don't get it", "??"])
      expect(of(text)?.kind, text).toBe("unclear");
  });

  it("leaves questions of their own alone", () => {
    for (const text of [
      "wie widerspreche ich bei instagram",
      "welche daten nutzt facebook",
      "Werden meine Nachrichten auf Instagram verwendet?",
      "",
    ]) {
      expect(of(text), text).toBeNull();
    }
  });
});

describe("followUpTarget", () => {
  it("leads where the previous entry says, else to the campaign's steps", () => {
    expect(followUpTarget(knowledge, "object-facebook", "und bei insta?")?.id).toBe("object-instagram");
    expect(followUpTarget(knowledge, "deadline", "und bei insta?")?.id).toBe("deadline");
    expect(followUpTarget(knowledge, "deadline", "und wie geht das?")?.id).toBe("how-to-object");
    expect(followUpTarget(knowledge, "how-to-object", "und dann?")?.id).toBe("form-fields");
    expect(followUpTarget(knowledge, "deadline", "hä?")).toEqual({ kind: "unclear", id: "help" });
  });

  it("says nothing where the previous topic has no mapping, or is not an entry", () => {
    expect(followUpTarget(knowledge, "court-ruling", "und bei insta?")).toBeNull();
    expect(followUpTarget(knowledge, "greeting", "und dann?")).toBeNull();
  });
});

describe("matchInContext", () => {
  it("matches a message on its own without a previous topic", () => {
    const alone = matchInContext(knowledge, "wie widerspreche ich bei facebook", null);
    expect(alone).toMatchObject({ id: "object-facebook", followUp: null });
  });
});
