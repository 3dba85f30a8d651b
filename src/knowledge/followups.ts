import type { KnowledgeBase } from "./loader.js";
import type { MatchResult } from "./matcher.js";

/**
 * Short follow-ups that only make sense after the previous answer: "und bei insta?", "and
 * instagram?", "wie geht das?", "und nun?". The lexicon says what such a message looks like; the
 * previous entry's `followUps` say where it leads.
 */
export type FollowUp =
  | { kind: "next" }
  | { kind: "where" }
  | { kind: "unclear" }
  | { kind: "platform"; platform: string };

/** Longer messages are questions of their own. */
const maxFollowUpWords = 8;

/**
 * What kind of follow-up a message is, if it is one; `words` are the normaliser's words. A message
 * of question marks alone ("??") is confusion.
 */
export function followUpOf(
  text: string,
  words: string[],
  rules: KnowledgeBase["lexicon"]["followUps"],
): FollowUp | null {
  if (words.length === 0) return /^[\s?¿!]*\?[\s?¿!]*$/.test(text) ? { kind: "unclear" } : null;
  if (words.length > maxFollowUpWords) return null;
  const connectors = new Set(rules.connectors);
  const phrases = [
    { kind: "next" as const, set: new Set(rules.next) },
    { kind: "where" as const, set: new Set(rules.where) },
    { kind: "unclear" as const, set: new Set(rules.unclear) },
  ];
  // "ok und dann", "also wie geht das": leading connectors do not change what is asked.
  for (let start = 0; start < words.length; start++) {
    const rest = words.slice(start).join(" ");
    for (const { kind, set } of phrases) if (set.has(rest)) return { kind };
    if (!connectors.has(words[start] as string)) break;
  }
  const platforms = new Set(rules.platforms);
  const named = words.filter((word) => !connectors.has(word));
  if (named.length > 0 && named.every((word) => platforms.has(word))) {
    return { kind: "platform", platform: named[named.length - 1] as string };
  }
  return null;
}

/**
 * The entry (or intent) a follow-up to `previous` leads to, or null when the message is not a
 * follow-up or the previous answer says nothing about it (then the message is matched on its own).
 */
export function followUpTarget(
  knowledge: KnowledgeBase,
  previous: string,
  text: string,
): { kind: FollowUp["kind"]; id: string } | null {
  const entry = knowledge.entries.get(previous);
  if (!entry) return null;
  const followUp = followUpOf(text, knowledge.normalizer.words(text), knowledge.lexicon.followUps);
  if (!followUp) return null;
  if (followUp.kind === "platform") {
    const target = entry.followUps[followUp.platform];
    return target ? { kind: "platform", id: target } : null;
  }
  // Confusion right after an answer is answered by the help intent, which offers that answer's topics.
  if (followUp.kind === "unclear") return { kind: "unclear", id: "help" };
  // "Und dann?" asks for the step after this answer, "wo genau?" for the place to do it: the
  // entry's own followUps, else the campaign's steps (unless this answer is the steps).
  const steps = knowledge.campaignOf(entry).stepsEntry;
  const target = entry.followUps[followUp.kind] ?? (steps && steps !== previous ? steps : null);
  return target ? { kind: followUp.kind, id: target } : null;
}

/**
 * Matches a message in a conversation: a follow-up to the previous answer (given while it is
 * recent) is resolved against it; anything else is matched on its own.
 */
export function matchInContext(
  knowledge: KnowledgeBase,
  text: string,
  previous: string | null,
): MatchResult & { followUp: FollowUp["kind"] | null } {
  const target = previous ? followUpTarget(knowledge, previous, text) : null;
  if (target) return { id: target.id, score: 1, suggestions: [], decision: "answer", followUp: target.kind };
  return { ...knowledge.matcher.match(text), followUp: null };
}
