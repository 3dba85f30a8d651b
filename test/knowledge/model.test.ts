import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildCorpus, type Phrasing } from "../../src/knowledge/corpus.js";
import { defaultModelOptions, IntentModel, modelKey } from "../../src/knowledge/model.js";
import { loadOrTrainModel } from "../../src/knowledge/model-cache.js";
import { Normalizer } from "../../src/knowledge/normalizer.js";
import type { Intent } from "../../src/knowledge/schema.js";

const intent = (id: string, de: string[]): Intent => ({
  id,
  title: { de: id, en: id },
  questions: { de, en: ["?"] },
  keywords: [`${id} stichwort`],
});
const corpus: Phrasing[] = buildCorpus(
  [
    intent("frist", ["bis wann geht das", "wann ist die frist", "ist es zu spät"]),
    intent("instagram", ["widerspruch bei instagram", "wie geht das bei insta"]),
  ],
  { de: ["wie wird das wetter", "was kostet ein brot"], en: [] },
  [
    {
      writer: "zweite",
      entries: { frist: { de: ["letzter tag?"], en: [] } },
      none: { de: ["fußball heute"], en: [] },
    },
  ],
);
const normalizer = new Normalizer([]);
const probe = ["bis wann", "insta widerspruch", "wetter", "letzter tag", "👍"];
const probabilities = (model: IntentModel) => probe.map((text) => [...model.probabilities(text)]);

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "model-cache-"));
  dirs.push(dir);
  return dir;
};

describe("IntentModel", () => {
  it("labels its classes with null (decline) first, then the corpus's labels", () => {
    const model = IntentModel.train(corpus, normalizer, defaultModelOptions);
    expect(model.labels).toEqual([null, "frist", "instagram"]);
  });

  it("learns the same weights from the same corpus, bit for bit (fixed seed)", () => {
    const a = IntentModel.train(corpus, normalizer, defaultModelOptions);
    const b = IntentModel.train(corpus, normalizer, defaultModelOptions);
    expect(probabilities(a)).toEqual(probabilities(b));
    expect(a.serialize("k").equals(b.serialize("k"))).toBe(true);
  });

  it("gives probabilities that sum to 1 and put the right class first", () => {
    const model = IntentModel.train(corpus, normalizer, defaultModelOptions);
    for (const row of probabilities(model)) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    const best = (text: string) => {
      const p = [...model.probabilities(text)];
      return model.labels[p.indexOf(Math.max(...p))];
    };
    expect(best("wann ist die frist")).toBe("frist");
    expect(best("widerspruch instagram")).toBe("instagram");
    expect(best("wetter heute")).toBeNull();
  });

  it("reads back exactly what it wrote, and refuses a buffer made for another key or broken", () => {
    const model = IntentModel.train(corpus, normalizer, defaultModelOptions);
    const buffer = model.serialize("key-1");
    const copy = IntentModel.deserialize(buffer, "key-1", normalizer, defaultModelOptions);
    expect(copy && probabilities(copy)).toEqual(probabilities(model));
    expect(IntentModel.deserialize(buffer, "key-2", normalizer, defaultModelOptions)).toBeNull();
    expect(
      IntentModel.deserialize(buffer.subarray(0, 100), "key-1", normalizer, defaultModelOptions),
    ).toBeNull();
    expect(
      IntentModel.deserialize(Buffer.from("nonsense"), "key-1", normalizer, defaultModelOptions),
    ).toBeNull();
  });
});

describe("modelKey", () => {
  it("changes with any phrasing, label, synonym or option, and only then", () => {
    const key = modelKey(corpus, [], defaultModelOptions);
    expect(modelKey([...corpus], [], defaultModelOptions)).toBe(key);
    const edited = corpus.map((p, i) => (i === 0 ? { ...p, text: `${p.text}!` } : p));
    expect(modelKey(edited, [], defaultModelOptions)).not.toBe(key);
    const relabelled = corpus.map((p, i) => (i === 0 ? { ...p, label: "instagram" } : p));
    expect(modelKey(relabelled, [], defaultModelOptions)).not.toBe(key);
    expect(modelKey(corpus, [{ canonical: "a", variants: ["b"] }], defaultModelOptions)).not.toBe(key);
    const options = { ...defaultModelOptions, keywordWeight: 0.25 };
    expect(modelKey(corpus, [], options)).not.toBe(key);
  });
});

describe("loadOrTrainModel", () => {
  it("trains once, then reads the cache; the cached model answers exactly like a fresh one", () => {
    const dir = tempDir();
    const first = loadOrTrainModel(corpus, [], normalizer, defaultModelOptions, dir);
    expect(first.source).toBe("trained");
    expect(readdirSync(dir)).toHaveLength(1);
    const second = loadOrTrainModel(corpus, [], normalizer, defaultModelOptions, dir);
    expect(second.source).toBe("cache");
    expect(probabilities(second.model)).toEqual(probabilities(first.model));
  });

  it("never reads a model of other content: a changed corpus trains anew", () => {
    const dir = tempDir();
    loadOrTrainModel(corpus, [], normalizer, defaultModelOptions, dir);
    const changed = [...corpus, { ...(corpus[0] as Phrasing), text: "noch eine frage zur frist" }];
    expect(loadOrTrainModel(changed, [], normalizer, defaultModelOptions, dir).source).toBe("trained");
  });

  it("trains again over a damaged cache file, and still works where the cache cannot be written", () => {
    const dir = tempDir();
    loadOrTrainModel(corpus, [], normalizer, defaultModelOptions, dir);
    const [file] = readdirSync(dir);
    writeFileSync(join(dir, file as string), "damaged");
    expect(loadOrTrainModel(corpus, [], normalizer, defaultModelOptions, dir).source).toBe("trained");
    const blocked = join(tempDir(), "a-file");
    writeFileSync(blocked, "not a folder");
    const result = loadOrTrainModel(corpus, [], normalizer, defaultModelOptions, join(blocked, "cache"));
    expect(result.source).toBe("trained");
    expect(result.cacheError).toBeDefined();
  });
});
