import type { Entry, Intent, Lang } from "./schema.js";

/** One labelled training text for the intent model. */
export interface Phrasing {
  text: string;
  /** Entry or intent id; null for a question the bot must decline. */
  label: string | null;
  /** Who wrote it: `content` for the entry files themselves, else the phrasings file's writer. */
  writer: string;
  lang: Lang;
  /** Keywords and titles are not questions: they teach words, at a lower weight. */
  kind: "question" | "keyword";
}

/** The writer of the phrasings inside the entry and intent files and of out-of-scope.yaml. */
export const contentWriter = "content";

export interface WriterPhrasings {
  writer: string;
  entries: Record<string, { de: string[]; en: string[] }>;
  none: { de: string[]; en: string[] };
}

function questionsOf(
  texts: { de: string[]; en: string[] },
  label: string | null,
  writer: string,
): Phrasing[] {
  return (["de", "en"] as const).flatMap((lang) =>
    texts[lang].map((text): Phrasing => ({ text, label, writer, lang, kind: "question" })),
  );
}

/**
 * Everything the intent model learns from, labelled and attributed: each entry's and intent's
 * questions, keywords and titles, the out-of-scope examples, and every writer's phrasings file.
 */
export function buildCorpus(
  matchables: (Entry | Intent)[],
  outOfScope: { de: string[]; en: string[] },
  writers: WriterPhrasings[],
): Phrasing[] {
  const corpus: Phrasing[] = [];
  for (const m of matchables) {
    corpus.push(...questionsOf(m.questions, m.id, contentWriter));
    for (const text of m.keywords) {
      corpus.push({ text, label: m.id, writer: contentWriter, lang: "de", kind: "keyword" });
    }
    corpus.push({ text: m.title.de, label: m.id, writer: contentWriter, lang: "de", kind: "keyword" });
    corpus.push({ text: m.title.en, label: m.id, writer: contentWriter, lang: "en", kind: "keyword" });
  }
  corpus.push(...questionsOf(outOfScope, null, contentWriter));
  for (const file of writers) {
    for (const [id, texts] of Object.entries(file.entries))
      corpus.push(...questionsOf(texts, id, file.writer));
    corpus.push(...questionsOf(file.none, null, file.writer));
  }
  return corpus;
}
