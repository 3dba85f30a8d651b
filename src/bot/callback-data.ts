import type { Lang } from "../kernel/lang.js";

/**
 * Button payloads. Versioned ("1:…") so that buttons from older releases can be recognised as
 * stale; validated on the way in; always within Telegram's 64-byte limit.
 */
export type Action =
  | { kind: "answer"; id: string }
  | { kind: "menu" }
  | { kind: "feedback"; id: string; helpful: boolean }
  /** "Mehr …" under an answer: the rest of its buttons (open), or back to the first ones. */
  | { kind: "more"; id: string; open: boolean }
  | { kind: "language"; lang: Lang }
  /** "Teilen": the share message, for one answer or (without id) for the bot as a whole. */
  | { kind: "share"; id?: string }
  | { kind: "deleteData"; confirm: boolean }
  | { kind: "broadcast"; confirm: boolean }
  | { kind: "reminders"; op: ReminderOp };

/** Reminder buttons: switch on, stop, ask for new deadlines, only the last day, all dates. */
export const reminderOps = ["on", "off", "notify", "last", "all"] as const;
export type ReminderOp = (typeof reminderOps)[number];

const version = "1";
const idPattern = /^[a-z0-9][a-z0-9-]{0,39}$/;

export function encode(action: Action): string {
  const data = (() => {
    switch (action.kind) {
      case "answer":
        return `${version}:a:${action.id}`;
      case "menu":
        return `${version}:m`;
      case "feedback":
        return `${version}:f:${action.helpful ? "y" : "n"}:${action.id}`;
      case "more":
        return `${version}:x:${action.open ? "o" : "c"}:${action.id}`;
      case "language":
        return `${version}:l:${action.lang}`;
      case "share":
        return action.id === undefined ? `${version}:s` : `${version}:s:${action.id}`;
      case "deleteData":
        return `${version}:d:${action.confirm ? "y" : "n"}`;
      case "broadcast":
        return `${version}:b:${action.confirm ? "y" : "n"}`;
      case "reminders":
        return `${version}:r:${action.op}`;
    }
  })();
  if (Buffer.byteLength(data) > 64) throw new Error(`callback data over 64 bytes: ${data}`);
  return data;
}

/** The action a button stands for, or null for stale, foreign or forged data. */
export function decode(data: string | undefined): Action | null {
  if (!data || data.length > 64) return null;
  const [v, kind, a, b, ...rest] = data.split(":");
  if (v !== version || rest.length > 0) return null;
  if (kind === "m" && a === undefined) return { kind: "menu" };
  if (kind === "a" && a && idPattern.test(a) && b === undefined) return { kind: "answer", id: a };
  if (kind === "f" && (a === "y" || a === "n") && b && idPattern.test(b)) {
    return { kind: "feedback", id: b, helpful: a === "y" };
  }
  if (kind === "x" && (a === "o" || a === "c") && b && idPattern.test(b)) {
    return { kind: "more", id: b, open: a === "o" };
  }
  if (kind === "l" && (a === "de" || a === "en") && b === undefined) return { kind: "language", lang: a };
  if (kind === "s" && a === undefined) return { kind: "share" };
  if (kind === "s" && a && idPattern.test(a) && b === undefined) return { kind: "share", id: a };
  if ((kind === "d" || kind === "b") && (a === "y" || a === "n") && b === undefined) {
    return { kind: kind === "d" ? "deleteData" : "broadcast", confirm: a === "y" };
  }
  if (kind === "r" && reminderOps.includes(a as ReminderOp) && b === undefined) {
    return { kind: "reminders", op: a as ReminderOp };
  }
  return null;
}
