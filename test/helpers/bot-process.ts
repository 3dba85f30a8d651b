import { type ChildProcess, spawn } from "node:child_process";
import type { Update } from "grammy/types";
import { projectRoot } from "../../src/paths.js";

export const processToken = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

export interface BotProcess {
  proc: ChildProcess;
  /** Everything the process wrote (JSON log lines in production mode). */
  output: string[];
  /** Resolves to the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Resolves once a line containing `text` has been written. */
  logged(text: string): Promise<void>;
}

/** The real bot (src/main.ts) as a child process, in production mode, with this environment. */
export function startBotProcess(env: Record<string, string>): BotProcess {
  const output: string[] = [];
  const proc = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      BOT_TOKEN: processToken,
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  proc.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  proc.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const logged = (text: string) =>
    new Promise<void>((resolve) => {
      const check = () => output.some((line) => line.includes(text)) && resolve();
      proc.stdout?.on("data", check);
      check();
    });
  return { proc, output, exited, logged };
}

/** Waits until a condition holds (the test's timeout bounds it), checking every 20 ms. */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Posts updates to a bot's webhook the way Telegram does, with the secret header. */
export function webhookPoster(port: number, path: string, secret: string) {
  return (update: Update | string) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret },
      body: typeof update === "string" ? update : JSON.stringify(update),
    });
}
