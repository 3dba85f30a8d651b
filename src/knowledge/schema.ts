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

/** Answers of date-aware entries depend on where today lies relative to the campaign deadline. */
export const phases = ["before", "today", "after"] as const;
export type Phase = (typeof phases)[number];

const phasedAnswer = z.object({ before: localized, today: localized, after: localized }).strict();

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
    sources: z.array(source).min(1, "every entry cites at least one source"),
  })
  .strict();
export type Entry = z.infer<typeof entrySchema> & { campaign: string };

export const campaignSchema = z
  .object({
    id,
    title: localized,
    deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date like 2025-05-27"),
    timezone: z.string().default("Europe/Berlin"),
    reminders: z
      .object({
        offsets: z.array(duration).min(1),
        sendAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a local time like 10:00"),
      })
      .strict(),
    sources: z.array(z.object({ url: z.string().url(), states: z.string().min(1) }).strict()).default([]),
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

export const lexiconSchema = z
  .object({
    synonyms: z
      .array(z.object({ canonical: z.string().min(1), variants: z.array(z.string().min(1)).min(1) }).strict())
      .default([]),
    fillers: z.array(z.string().min(1)).default([]),
    /** Generic words that carry a question's intent (wann, warum, nicht, wieder): never down-weighted. */
    keep: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type Lexicon = z.infer<typeof lexiconSchema>;
