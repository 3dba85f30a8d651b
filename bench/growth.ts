/** Growth: training time, model size, memory and time per question with more entries (synthetic). */
import { execFileSync } from "node:child_process";
import { mb, ms, table } from "./lib.js";

interface Measurement {
  entries: number;
  phrasings: number;
  classes: number;
  features: number;
  trainMs: number;
  modelBytes: number;
  readMs: number;
  retained: number;
  peakRss: number;
  p50: number;
  p99: number;
  cpuP99: number;
}

function measure(size: string): Measurement {
  const out = execFileSync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", "bench/growth-worker.ts", size],
    { encoding: "utf8", maxBuffer: 1 << 20 },
  );
  return JSON.parse(out.trim().split("\n").at(-1) as string) as Measurement;
}

export function growthTable(sizes: string[], log: (line: string) => void): string {
  const rows: string[][] = [];
  for (const size of sizes) {
    const m = measure(size);
    log(`  ${m.entries} entries: training ${ms(m.trainMs)}, model ${mb(m.modelBytes)}, p99 ${ms(m.p99)}`);
    rows.push([
      `${m.entries.toLocaleString("en")}${size === "shipped" ? " (shipped)" : ""}`,
      m.phrasings.toLocaleString("en"),
      m.features.toLocaleString("en"),
      ms(m.trainMs),
      mb(m.modelBytes),
      ms(m.readMs),
      mb(m.retained),
      mb(m.peakRss),
      ms(m.p50),
      ms(m.p99),
      ms(m.cpuP99),
    ]);
  }
  return table(
    [
      "Entries and intents",
      "Phrasings",
      "Features",
      "Training",
      "Model (cache file)",
      "Reading it back",
      "Model in memory",
      "Peak RSS while training",
      "p50 / question",
      "p99 / question",
      "CPU time p99",
    ],
    rows,
  );
}
