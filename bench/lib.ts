import { cpus, freemem, platform, release, totalmem } from "node:os";

/** The q-quantile (0..1) of a list of numbers, nearest-rank. */
export function percentile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** Milliseconds for a table: µs precision below 1 ms. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return "–";
  if (value < 1) return `${(value * 1000).toFixed(0)} µs`;
  if (value < 100) return `${value.toFixed(2)} ms`;
  return `${value.toFixed(0)} ms`;
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function pct(part: number, whole: number): string {
  return whole === 0 ? "–" : `${((100 * part) / whole).toFixed(1)} %`;
}

/** A Markdown table. */
export function table(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) =>
    `| ${cells.map((c) => String(c).replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

export function machine(): string {
  const cpu = cpus();
  return table(
    ["", ""],
    [
      ["OS", `${platform()} ${release()}`],
      ["CPU", `${cpu[0]?.model ?? "unknown"} × ${cpu.length}`],
      ["Memory", `${mb(totalmem())} total, ${mb(freemem())} free at start`],
      ["Node.js", process.version],
      ["Date", new Date().toISOString()],
    ],
  );
}

/** Times a synchronous call in milliseconds. */
export function timed<T>(fn: () => T): [T, number] {
  const started = performance.now();
  const value = fn();
  return [value, performance.now() - started];
}
