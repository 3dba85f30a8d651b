import { z } from "zod";

// The language type belongs to the shared kernel; re-exported for the content modules that name it here.
export { type Lang, languages } from "../kernel/lang.js";

const localized = z.object({ de: z.string().min(1), en: z.string().min(1) }).strict();
export type Localized = z.infer<typeof localized>;

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "ids are lowercase words joined by '-', at most 40 characters");

// An ISO-8601 duration of days/hours/minutes/seconds ("P7D", "PT30S"): reminders in seconds for test campaigns.
const duration = z
  .string()
  .regex(/^P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$/, "an ISO-8601 duration like P7D or PT30S");

// YAML reads 2024 or 27 as numbers; in keywords they are words.
const keywords = z.array(z.union([z.string().min(1), z.number().transform(String)])).default([]);

const questions = z
  .object({ de: z.array(z.string().min(1)).min(1), en: z.array(z.string().min(1)).min(1) })
  .strict();

/**
 * Answers of date-aware entries depend on where today lies relative to the campaign deadline (the
 * day training starts): "before" counts down, "lastDay" is the day before it (the last day to
 * object in time), "today" the deadline day itself, "after" everything later.
 */
export const phases = ["before", "lastDay", "today", "after"] as const;
export type Phase = (typeof phases)[number];

const phasedAnswer = z
  .object({ before: localized, lastDay: localized, today: localized, after: localized })
  .strict();

const source = z.union([
  z.object({ quote: z.string().min(10) }).strict(),
  z.object({ url: z.string().url() }).strict(),
]);

export const entrySchema = z
  .object({
    id,
    title: localized,
    summary: localized,
    questions,
    keywords,
    answer: z.union([localized, phasedAnswer]),
    related: z.array(id).max(4).default([]),
    /**
     * Where a short follow-up to this answer leads: `next` for "und dann?" / "wie geht das?",
     * `where` for "wo genau?", a platform word (lexicon followUps.platforms) for "und bei Instagram?".
     */
    followUps: z.record(z.string(), id).default({}),
    sources: z.array(source).min(1, "every entry cites at least one source"),
  })
  .strict();
/** A source as an answer names it: a publisher with the address, or a source text by its title. */
export interface Citation {
  name: Localized;
  url?: string;
}
export type Entry = z.infer<typeof entrySchema> & {
  campaign: string;
  /** The entry's sources, resolved for display: each publisher or source text once, in order. */
  citations: Citation[];
};

export const campaignSchema = z
  .object({
    id,
    title: localized,
    /** The day training starts: objections must arrive before it, so the day before is the last day to object in time. */
    deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date like 2025-05-27"),
    timezone: z.string().default("Europe/Berlin"),
    reminders: z
      .object({
        offsets: z.array(duration).min(1),
        sendAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a local time like 10:00"),
      })
      .strict(),
    sources: z
      .array(
        z
          .object({
            url: z.string().url(),
            /** Who published it, as answers name it ("Verbraucherzentrale NRW"). */
            publisher: z.union([
              z
                .string()
                .min(1)
                .transform((name) => ({ de: name, en: name })),
              localized,
            ]),
            states: z.string().min(1),
          })
          .strict(),
      )
      .default([]),
    /** How answers name each text in sources/ (file name → title), e.g. "Presseartikel, April 2025". */
    texts: z.record(z.string(), localized).default({}),
    /** The entry /frist shows for this campaign. */
    deadlineEntry: id.optional(),
    /** The entry with the steps to object, linked from reminders (else the deadline entry). */
    stepsEntry: id.optional(),
    /** Entry ids for the topic menu, in order. */
    menu: z.array(id).default([]),
  })
  .strict();
export type Campaign = z.infer<typeof campaignSchema>;

export const intentSchema = z
  .object({
    id,
    title: localized,
    questions,
    keywords,
  })
  .strict();
export type Intent = z.infer<typeof intentSchema>;

export const intentsFileSchema = z.object({ intents: z.array(intentSchema).min(1) }).strict();

export const outOfScopeSchema = z.object({ questions }).strict();

const somePhrasings = z
  .object({ de: z.array(z.string().min(1)).default([]), en: z.array(z.string().min(1)).default([]) })
  .strict();

/**
 * One writer's phrasings (`phrasings/<writer>.yaml`): what people ask, per entry or intent id, and
 * questions the bot must decline (`none`). Kept per writer so that the matcher can be measured on
 * writers it was not trained on.
 */
export const phrasingsFileSchema = z
  .object({
    writer: id,
    entries: z.record(id, somePhrasings).default({}),
    none: somePhrasings.default({ de: [], en: [] }),
  })
  .strict();

export const lexiconSchema = z
  .object({
    synonyms: z
      .array(z.object({ canonical: z.string().min(1), variants: z.array(z.string().min(1)).min(1) }).strict())
      .default([]),
    /**
     * Words (after synonym rewriting) that name what the bot is about — a platform, Meta, the
     * objection: a question with one of them is never declined without offering candidates.
     */
    topicWords: z.array(z.string().min(1)).default([]),
    /** What makes a short message a follow-up to the previous answer (see knowledge/followups.ts). */
    followUps: z
      .object({
        /** Messages asking for the next step ("und dann", "what now"), as normalised words. */
        next: z.array(z.string().min(1)).default([]),
        /** Messages asking where to do what the last answer says ("wo genau", "where exactly"). */
        where: z.array(z.string().min(1)).default([]),
        /** Messages saying the last answer was not understood ("hä", "versteh ich nicht"). */
        unclear: z.array(z.string().min(1)).default([]),
        /** Platform words a follow-up may name ("und bei insta?"): keys of an entry's followUps. */
        platforms: z.array(z.string().min(1)).default([]),
        /** Words that may surround them in a follow-up ("und", "bei", "what", "about"). */
        connectors: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .default({ next: [], where: [], unclear: [], platforms: [], connectors: [] }),
  })
  .strict();
export type Lexicon = z.infer<typeof lexiconSchema>;

const probability = z.number().min(0).max(1);

/** Written by `npm run kb:calibrate`: the matcher's thresholds and the figures they came from. */
export const calibrationSchema = z
  .object({
    answer: probability,
    clarify: probability,
    measured: z
      .object({
        date: z.string(),
        writers: z.number().int(),
        phrasings: z.number().int(),
        overall: probability,
        inScope: probability,
        declined: probability,
      })
      .strict()
      .optional(),
  })
  .strict();
