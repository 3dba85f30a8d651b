/**
 * Start-up: from spawning the bot process to its first answer, against a local fake Bot API
 * (BOT_API_ROOT) that has one update waiting; and the process's resident memory once idle, with
 * an empty database and with 100,000 chats stored.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { openSqliteStore } from "../src/storage/sqlite.js";
import { FakeBotApi } from "../test/helpers/fake-bot-api.js";
import { mb, ms, table } from "./lib.js";

const token = `123456:${"B".repeat(35)}`;

function rss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) * 1024;
}

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(12_000)]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

/** One start: milliseconds to the first answer and RSS after `idleMs` of idling. */
async function startOnce(command: string[], databaseFile: string, idleMs: number) {
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
  const started = performance.now();
  const child = spawn(process.execPath, command, {
    env: {
      ...process.env,
      BOT_TOKEN: token,
      BOT_API_ROOT: apiRoot,
      DATABASE_URL: databaseFile,
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    const failed = new Promise<never>((_, reject) =>
      child.once("exit", (code) => reject(new Error(`bot exited with ${code} before answering`))),
    );
    await Promise.race([
      firstAnswer,
      failed,
      sleep(60_000).then(() => Promise.reject(new Error("no answer in 60 s"))),
    ]);
    const toFirstAnswer = performance.now() - started;
    await sleep(idleMs);
    return { toFirstAnswer, rss: rss(child.pid as number) };
  } finally {
    await stop(child);
    await api.close();
  }
}

async function fill(file: string, chats: number): Promise<number> {
  rmSync(file, { force: true });
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  const store = openSqliteStore(file);
  const started = performance.now();
  const at = new Date();
  for (let i = 0; i < chats; i++) {
    const chatId = 1_000_000 + i;
    const language = i % 4 === 0 ? "en" : "de";
    await store.setLanguage(chatId, language);
    // Waiting for a new deadline: what /erinnern stores today, with no deadline ahead.
    await store.subscribe({ chatId, campaignId: "*", language, chatKind: "private", mode: "all" }, at);
  }
  await store.close();
  return performance.now() - started;
}

export async function startupTable(tmpDir: string, runs: number, log: (line: string) => void) {
  mkdirSync(tmpDir, { recursive: true });
  const notes: string[] = [];
  const commands: [string, string[]][] = [
    ["`node --import tsx src/main.ts` (npm start)", ["--import", "tsx", "src/main.ts"]],
  ];
  try {
    execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], {
      stdio: "ignore",
    });
    if (existsSync("dist/src/main.js"))
      commands.push(["`node dist/src/main.js` (npm run start:prod)", ["dist/src/main.js"]]);
  } catch {
    notes.push("The compiled build (`npm run build`) failed, so only the tsx start is measured.");
  }

  const empty = join(tmpDir, "startup-empty.sqlite");
  await fill(empty, 0);
  const full = join(tmpDir, "startup-100k.sqlite");
  const fillMs = await fill(full, 100_000);
  const size = statSync(full).size + (existsSync(`${full}-wal`) ? statSync(`${full}-wal`).size : 0);
  log(`  stored 100,000 chats in ${ms(fillMs)} (${mb(size)} on disk)`);

  const rows: string[][] = [];
  for (const [label, command] of commands) {
    for (const [dbLabel, file] of [
      ["empty", empty],
      ["100,000 chats", full],
    ] as const) {
      const times: number[] = [];
      const memory: number[] = [];
      for (let run = 0; run < runs; run++) {
        const result = await startOnce(command, file, 2000);
        times.push(result.toFirstAnswer);
        memory.push(result.rss);
      }
      times.sort((a, b) => a - b);
      memory.sort((a, b) => a - b);
      const median = (values: number[]) => values[Math.floor(values.length / 2)] as number;
      log(`  ${label}, ${dbLabel}: ${ms(median(times))} to first answer, ${mb(median(memory))} RSS`);
      rows.push([
        label,
        dbLabel,
        ms(median(times)),
        `${ms(times[0] as number)} – ${ms(times.at(-1) as number)}`,
        mb(median(memory)),
      ]);
    }
  }
  return {
    table: table(
      ["Start command", "Database", "Start → first answer (median)", "Range", "Resident memory, idle"],
      rows,
    ),
    notes: [
      ...notes,
      `Filling the SQLite database with 100,000 chats took ${ms(fillMs)} (${mb(size)} on disk).`,
    ],
  };
}
