import type { KnowledgeBase } from "./loader.js";
import type { MatchResult } from "./matcher.js";

/**
 * Short follow-ups that only make sense after the previous answer: "und bei insta?", "and
 * instagram?", "wie geht das?", "und nun?". The lexicon says what such a message looks like; the
 * previous entry's `followUps` say where it leads.
 */
export type FollowUp = { kind: "next" } | { kind: "platform"; platform: string };

/** Longer messages are questions of their own. */
const maxFollowUpWords = 8;

/** What kind of follow-up a message is, if it is one; `words` are the normaliser's words. */
export function followUpOf(words: string[], rules: KnowledgeBase["lexicon"]["followUps"]): FollowUp | null {
  if (words.length === 0 || words.length > maxFollowUpWords) return null;
  const connectors = new Set(rules.connectors);
  const next = new Set(rules.next);
  // "ok und dann", "also wie geht das": leading connectors do not change what is asked.
  for (let start = 0; start < words.length; start++) {
    if (next.has(words.slice(start).join(" "))) return { kind: "next" };
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
 * The entry a follow-up to `previous` leads to, or null when the message is not a follow-up or
 * the previous answer says nothing about it (then the message is matched on its own).
 */
export function followUpTarget(knowledge: KnowledgeBase, previous: string, text: string): string | null {
  const entry = knowledge.entries.get(previous);
  if (!entry) return null;
  const followUp = followUpOf(knowledge.normalizer.words(text), knowledge.lexicon.followUps);
  if (!followUp) return null;
  if (followUp.kind === "platform") return entry.followUps[followUp.platform] ?? null;
  const steps = knowledge.campaignOf(entry).stepsEntry;
  return entry.followUps.next ?? (steps && steps !== previous ? steps : null);
}

/**
 * Matches a message in a conversation: a follow-up to the previous answer (given while it is
 * recent) is resolved against it; anything else is matched on its own.
 */
export function matchInContext(
  knowledge: KnowledgeBase,
  text: string,
  previous: string | null,
): MatchResult & { followUp: boolean } {
  const target = previous ? followUpTarget(knowledge, previous, text) : null;
  if (target) return { id: target, score: 1, suggestions: [], decision: "answer", followUp: true };
  return { ...knowledge.matcher.match(text), followUp: false };
}
