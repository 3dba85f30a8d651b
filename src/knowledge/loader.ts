import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { CORE_SCHEMA, load } from "js-yaml";
import type { z } from "zod";
import { buildCorpus, contentWriter, type Phrasing, type WriterPhrasings } from "./corpus.js";
import { LanguageGuesser } from "./language.js";
import { type Calibration, defaultCalibration, Matcher } from "./matcher.js";
import { defaultModelOptions, type ModelOptions } from "./model.js";
import { loadOrTrainModel } from "./model-cache.js";
import { Normalizer } from "./normalizer.js";
import {
  type Campaign,
  type Citation,
  calibrationSchema,
  campaignSchema,
  type Entry,
  entrySchema,
  type Intent,
  intentsFileSchema,
  type Lexicon,
  lexiconSchema,
  outOfScopeSchema,
  phrasingsFileSchema,
} from "./schema.js";

export class KnowledgeError extends Error {
  override name = "KnowledgeError";
}

export interface KnowledgeBase {
  campaigns: Campaign[];
  entries: Map<string, Entry>;
  intents: Map<string, Intent>;
  lexicon: Lexicon;
  outOfScope: string[];
  /** Everything the matcher learnt from, with its writer (for measuring on unseen writers). */
  corpus: Phrasing[];
  normalizer: Normalizer;
  matcher: Matcher;
  /** The language of a message, when its words make it clear. */
  language: LanguageGuesser;
  /** Whether the intent model came from the cache or was trained at this load. */
  model: { source: "cache" | "trained"; cacheError?: string };
  /** Entry ids of the topic menu, across campaigns. */
  menu: string[];
  campaignOf(entry: Entry): Campaign;
}

function readYaml<S extends z.ZodType>(
  file: string,
  schema: S,
  root: string,
  what?: (raw: unknown) => string,
) {
  const where = relative(root, file) || basename(file);
  let raw: unknown;
  try {
    // js-yaml with YAML 1.2's core schema: dates stay strings; about five times faster than the
    // `yaml` package on the phrasings files, which is most of the start-up time.
    raw = load(readFileSync(file, "utf8"), { schema: CORE_SCHEMA });
  } catch (error) {
    throw new KnowledgeError(`${where}: not valid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const label = what ? what(raw) : "";
    const issue = result.error.issues[0];
    const path = issue?.path.join(".") || "(top level)";
    throw new KnowledgeError(`${where}${label}: ${path}: ${issue?.message}`);
  }
  return result.data as z.output<S>;
}

const entryLabel = (raw: unknown) =>
  raw && typeof raw === "object" && "id" in raw ? ` (entry "${String((raw as { id: unknown }).id)}")` : "";

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".yaml") || name.endsWith(".yml"))
    .sort()
    .map((name) => join(dir, name));
}

/** Whitespace-insensitive, so that quotes survive line wrapping in YAML. */
const squash = (text: string) => text.replace(/\s+/g, " ").trim();

export interface LoadOptions {
  /** Folder for trained intent models (see model-cache.ts); null trains in memory every time. */
  modelCacheDir?: string | null;
  modelOptions?: ModelOptions;
}

/**
 * Loads and validates the whole knowledge directory: every campaign under `campaigns/`, the
 * bot's intents, the lexicon, the out-of-scope examples and the writers' phrasings; then builds
 * the matcher. Any problem is a KnowledgeError naming the file and entry; the bot refuses to
 * start on it.
 */
export function loadKnowledge(dir: string, options: LoadOptions = {}): KnowledgeBase {
  if (!existsSync(dir)) throw new KnowledgeError(`knowledge directory not found: ${dir}`);
  const lexicon = readYaml(join(dir, "lexicon.yaml"), lexiconSchema, dir);
  const intentList = readYaml(join(dir, "intents.yaml"), intentsFileSchema, dir).intents;
  const outOfScopeFile = readYaml(join(dir, "out-of-scope.yaml"), outOfScopeSchema, dir);
  const outOfScope = [...outOfScopeFile.questions.de, ...outOfScopeFile.questions.en];
  const calibrationFile = join(dir, "calibration.yaml");
  const calibration: Calibration = existsSync(calibrationFile)
    ? readYaml(calibrationFile, calibrationSchema, dir)
    : defaultCalibration;

  const campaigns: Campaign[] = [];
  const entries = new Map<string, Entry>();
  const intents = new Map<string, Intent>();
  const owner = new Map<string, Campaign>();
  const taken = (id: string) => entries.has(id) || intents.has(id);

  for (const intent of intentList) {
    if (taken(intent.id)) throw new KnowledgeError(`intents.yaml: intent "${intent.id}" is defined twice`);
    intents.set(intent.id, intent);
  }

  const campaignsDir = join(dir, "campaigns");
  const campaignDirs = existsSync(campaignsDir)
    ? readdirSync(campaignsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => join(campaignsDir, d.name))
        .sort()
    : [];
  if (campaignDirs.length === 0) throw new KnowledgeError(`${dir}: no campaign under campaigns/`);

  for (const campaignDir of campaignDirs) {
    const campaign = readYaml(join(campaignDir, "campaign.yaml"), campaignSchema, dir);
    if (campaigns.some((c) => c.id === campaign.id)) {
      throw new KnowledgeError(`${relative(dir, campaignDir)}: campaign id "${campaign.id}" is used twice`);
    }
    campaigns.push(campaign);
    const sourceTexts = readdirSync(join(campaignDir, "sources"), { withFileTypes: true })
      .filter((d) => d.isFile() && d.name.endsWith(".txt"))
      .map((d) => ({
        file: d.name,
        text: squash(readFileSync(join(campaignDir, "sources", d.name), "utf8")),
      }));
    const publishers = new Map(campaign.sources.map((s) => [s.url, s.publisher]));

    for (const file of yamlFiles(join(campaignDir, "entries"))) {
      const where = relative(dir, file);
      const parsed = readYaml(file, entrySchema, dir, entryLabel);
      if (taken(parsed.id)) throw new KnowledgeError(`${where} (entry "${parsed.id}"): id is already used`);
      const citations: Citation[] = [];
      const cite = (citation: Citation) => {
        if (!citations.some((c) => c.name.de === citation.name.de)) citations.push(citation);
      };
      for (const source of parsed.sources) {
        if ("quote" in source) {
          const found = sourceTexts.find((s) => s.text.includes(squash(source.quote)));
          if (!found) {
            throw new KnowledgeError(
              `${where} (entry "${parsed.id}"): quote not found in the campaign's sources: "${source.quote}"`,
            );
          }
          cite({ name: campaign.texts[found.file] ?? { de: found.file, en: found.file } });
        } else {
          const publisher = publishers.get(source.url);
          if (!publisher) {
            throw new KnowledgeError(
              `${where} (entry "${parsed.id}"): ${source.url} is not among the campaign's listed sources`,
            );
          }
          cite({ name: publisher, url: source.url });
        }
      }
      const entry: Entry = { ...parsed, campaign: campaign.id, citations };
      entries.set(entry.id, entry);
      owner.set(entry.id, campaign);
    }
  }

  const followUpKinds = new Set(["next", "where", ...lexicon.followUps.platforms]);
  for (const entry of entries.values()) {
    for (const related of entry.related) {
      if (!entries.has(related)) {
        throw new KnowledgeError(`entry "${entry.id}": related entry "${related}" does not exist`);
      }
    }
    for (const [kind, target] of Object.entries(entry.followUps)) {
      if (!followUpKinds.has(kind)) {
        throw new KnowledgeError(
          `entry "${entry.id}": followUps.${kind} is none of ${[...followUpKinds].join(", ")}`,
        );
      }
      if (!taken(target))
        throw new KnowledgeError(`entry "${entry.id}": followUps.${kind} "${target}" does not exist`);
    }
  }
  for (const campaign of campaigns) {
    if (campaign.deadlineEntry && !entries.has(campaign.deadlineEntry)) {
      throw new KnowledgeError(
        `campaign "${campaign.id}": deadlineEntry "${campaign.deadlineEntry}" does not exist`,
      );
    }
    if (campaign.stepsEntry && !entries.has(campaign.stepsEntry)) {
      throw new KnowledgeError(
        `campaign "${campaign.id}": stepsEntry "${campaign.stepsEntry}" does not exist`,
      );
    }
  }
  const menu = campaigns.flatMap((c) => (c.menu.length > 0 ? c.menu : []));
  for (const id of menu) {
    if (!entries.has(id)) throw new KnowledgeError(`campaign menu: entry "${id}" does not exist`);
  }

  const writers: WriterPhrasings[] = [];
  for (const file of yamlFiles(join(dir, "phrasings"))) {
    const where = relative(dir, file);
    const phrasings = readYaml(file, phrasingsFileSchema, dir);
    if (writers.some((w) => w.writer === phrasings.writer) || phrasings.writer === contentWriter) {
      throw new KnowledgeError(`${where}: writer "${phrasings.writer}" is already used`);
    }
    for (const id of Object.keys(phrasings.entries)) {
      if (!taken(id)) throw new KnowledgeError(`${where}: "${id}" is neither an entry nor an intent`);
    }
    writers.push(phrasings);
  }
  const corpus = buildCorpus([...entries.values(), ...intents.values()], outOfScopeFile.questions, writers);
  const normalizer = new Normalizer(lexicon.synonyms);
  const loaded = loadOrTrainModel(
    corpus,
    lexicon.synonyms,
    normalizer,
    options.modelOptions ?? defaultModelOptions,
    options.modelCacheDir ?? null,
  );
  const matcher = new Matcher(loaded.model, calibration, normalizer, new Set(lexicon.topicWords));

  return {
    campaigns,
    entries,
    intents,
    lexicon,
    outOfScope,
    corpus,
    normalizer,
    matcher,
    language: new LanguageGuesser(corpus),
    model: { source: loaded.source, ...(loaded.cacheError ? { cacheError: loaded.cacheError } : {}) },
    menu: menu.length > 0 ? menu : [...entries.keys()].slice(0, 6),
    campaignOf(entry) {
      const campaign = owner.get(entry.id);
      if (!campaign) throw new KnowledgeError(`entry "${entry.id}" belongs to no campaign`);
      return campaign;
    },
  };
}
