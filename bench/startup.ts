/**
 * Cold start: from spawning the built bot (`npm run build`, then `node dist/src/main.js`) to its
 * first answer against a local fake Bot API (BOT_API_ROOT) that has one question waiting; and the
 * process's resident memory. Measured with the trained model in the cache (restarts, and the
 * Docker image when it builds the cache at image build time) and with an empty cache (the first
 * start after a content change: the bot trains).
 *
 * The cache folder is `<project root>/.cache/intent-model` (src/paths.ts), with the project root
 * found from the compiled file's location. To steer it without touching the worktree's own
 * cache, the compiled `dist/` is copied into a temporary project root (package.json copied,
 * node_modules and locales linked, KNOWLEDGE_DIR pointing at the content): the same code and
 * dependencies, with a cache folder of its own.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { FakeBotApi } from "../test/helpers/fake-bot-api.js";
import { mb, ms, table } from "./lib.js";

const token = `123456:${"B".repeat(35)}`;

function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) =>
    Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

// Unreferenced: a pending wait never keeps the benchmark process alive.
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis).unref());

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === "object" && address ? address.port : 18080;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(12_000)]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

interface Start {
  toFirstAnswer: number;
  rss: number;
  peak: number;
}

/** One start: milliseconds to the first answer, then RSS and peak RSS after `idleMs` idle. */
async function startOnce(root: string, knowledgeDir: string, idleMs: number): Promise<Start> {
  let answered: (() => void) | undefined;
  const firstAnswer = new Promise<void>((resolve) => {
    answered = resolve;
  });
  const api = new FakeBotApi({
    maxHoldMs: 1000,
    onCall: (call) => {
      if (call.method === "sendMessage" && call.outcome === "ok") answered?.();
    },
  });
  const apiRoot = await api.start();
  api.push({
    message: {
      message_id: 1,
      date: Math.floor(Date.now() / 1000),
      chat: { id: 4242, type: "private", first_name: "U" },
      from: { id: 4242, is_bot: false, first_name: "U", language_code: "de" },
      text: "wie widerspreche ich bei instagram?",
    },
  } as never);
  const database = join(root, `startup-${Date.now()}.sqlite`);
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ["dist/src/main.js"], {
    cwd: root,
    env: {
      ...process.env,
      BOT_TOKEN: token,
      BOT_API_ROOT: apiRoot,
      DATABASE_URL: database,
      KNOWLEDGE_DIR: knowledgeDir,
      PORT: String(port),
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const failed = new Promise<never>((_, reject) =>
      child.once("exit", (code) => reject(new Error(`bot exited with ${code} before answering`))),
    );
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("no answer in 120 s")), 120_000).unref();
    });
    await Promise.race([firstAnswer, failed, timeout]);
    const toFirstAnswer = performance.now() - started;
    await sleep(idleMs);
    return { toFirstAnswer, ...memoryOf(child.pid as number) };
  } finally {
    clearTimeout(timer);
    await stop(child);
    await api.close();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${database}${suffix}`, { force: true });
  }
}

/** A fresh process that only loads the knowledge base, timing its parts. */
function loadBreakdown(root: string, knowledgeDir: string) {
  const script = `
    const bootMs = performance.now();
    const { loadKnowledge } = await import("./dist/src/knowledge/loader.js");
    const imported = performance.now();
    const k = loadKnowledge(process.env.KNOWLEDGE_DIR, { modelCacheDir: ".cache/intent-model" });
    const loaded = performance.now();
    console.log(JSON.stringify({ bootMs, importMs: imported - bootMs, loadMs: loaded - imported, source: k.model.source }));
  `;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: root,
    env: { ...process.env, KNOWLEDGE_DIR: knowledgeDir },
    encoding: "utf8",
  });
  return JSON.parse(out.trim()) as { bootMs: number; importMs: number; loadMs: number; source: string };
}

/** A project root of its own for the compiled bot: its own .cache/intent-model. */
function scratchRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "wb-startup-"));
  cpSync("dist", join(root, "dist"), { recursive: true });
  cpSync("package.json", join(root, "package.json"));
  symlinkSync(resolve("node_modules"), join(root, "node_modules"));
  symlinkSync(resolve("locales"), join(root, "locales"));
  return root;
}

export async function startupTable(
  runs: number,
  knowledgeDir: string,
  log: (line: string) => void,
): Promise<{ table: string; notes: string[]; cached: number; trained: number }> {
  const notes: string[] = [];
  const buildStarted = performance.now();
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], {
    stdio: "inherit",
  });
  notes.push(`\`npm run build\` took ${ms(performance.now() - buildStarted)} (not counted).`);
  const root = scratchRoot();
  const cacheDir = join(root, ".cache", "intent-model");
  const rows: string[][] = [];
  const medians: Record<string, number> = {};
  try {
    for (const [label, emptyCache] of [
      ["(b) empty cache: trains, then writes the cache", true],
      ["(a) model in the cache", false],
    ] as const) {
      const results: Start[] = [];
      for (let run = 0; run < runs; run++) {
        if (emptyCache) rmSync(join(root, ".cache"), { recursive: true, force: true });
        results.push(await startOnce(root, resolve(knowledgeDir), 2000));
      }
      if (emptyCache && !(existsSync(cacheDir) && readdirSync(cacheDir).some((f) => f.endsWith(".bin")))) {
        notes.push("The bot did not write its model cache on the empty-cache start.");
      }
      const times = results.map((r) => r.toFirstAnswer).sort((a, b) => a - b);
      const median = <T>(values: T[]) => values[Math.floor(values.length / 2)] as T;
      const byTime = [...results].sort((a, b) => a.toFirstAnswer - b.toFirstAnswer);
      const typical = median(byTime);
      medians[emptyCache ? "trained" : "cached"] = typical.toFirstAnswer;
      log(`  ${label}: ${ms(typical.toFirstAnswer)} to first answer, ${mb(typical.rss)} RSS`);
      if (!emptyCache) {
        const parts = Array.from({ length: runs }, () => loadBreakdown(root, resolve(knowledgeDir))).sort(
          (a, b) => a.loadMs - b.loadMs,
        );
        const part = median(parts);
        notes.push(
          `Where the time goes (a fresh \`node\` running the compiled loader, model in the cache, median of ${runs}): ` +
            `Node.js up after ${ms(part.bootMs)}, importing the knowledge modules ${ms(part.importMs)}, ` +
            `\`loadKnowledge()\` ${ms(part.loadMs)} (model ${part.source}); the rest is the bot's other modules, ` +
            "the database, the Bot API calls before polling (`getMe`, `setMyCommands`, `deleteWebhook`) and the answer.",
        );
      }
      rows.push([
        label,
        ms(typical.toFirstAnswer),
        `${ms(times[0] as number)} – ${ms(times.at(-1) as number)}`,
        mb(typical.rss),
        mb(typical.peak),
      ]);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return {
    table: table(
      [
        "`node dist/src/main.js`",
        `Start → first answer (median of ${runs})`,
        "Range",
        "Resident memory after 2 s idle",
        "Peak resident memory",
      ],
      rows,
    ),
    notes,
    cached: medians.cached ?? Number.NaN,
    trained: medians.trained ?? Number.NaN,
  };
}
