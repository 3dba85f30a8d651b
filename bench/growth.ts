/** Growth: matcher time per question and memory, shipped content vs synthetic 100 / 1,000 / 10,000 entries. */
import { execFileSync } from "node:child_process";
import { mb, ms, table } from "./lib.js";

interface Measurement {
  entries: number;
  buildMs: number;
  heap: number;
  firstP50: number;
  firstP99: number;
  p50: number;
  p99: number;
}

function measure(size: string, mix: string, questionsFile: string): Measurement {
  const out = execFileSync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", "bench/growth-worker.ts", size, mix, questionsFile],
    { encoding: "utf8", maxBuffer: 1 << 20 },
  );
  return JSON.parse(out.trim().split("\n").at(-1) as string) as Measurement;
}

export function growthTable(questionsFile: string, log: (line: string) => void): string {
  const rows: string[][] = [];
  const runs: [string, string, string][] = [
    ["shipped", "invented", "shipped content"],
    ["100", "invented", "invented words"],
    ["1000", "invented", "invented words"],
    ["10000", "invented", "invented words"],
    ["100", "content", "⅓ content words"],
    ["1000", "content", "⅓ content words"],
    ["10000", "content", "⅓ content words"],
  ];
  for (const [size, mix, label] of runs) {
    const m = measure(size, mix, questionsFile);
    log(`  ${m.entries} entries (${label}): p50 ${ms(m.p50)}, build ${ms(m.buildMs)}`);
    rows.push([
      m.entries.toLocaleString("en"),
      label,
      ms(m.p50),
      ms(m.p99),
      `${ms(m.firstP50)} / ${ms(m.firstP99)}`,
      mb(m.heap),
      ms(m.buildMs),
    ]);
  }
  return table(
    [
      "Entries",
      "Synthetic entries' words",
      "p50 / question",
      "p99 / question",
      "First sight p50 / p99",
      "Matcher heap",
      "Index build",
    ],
    rows,
  );
}
