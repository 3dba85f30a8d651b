import { GrammyError, HttpError } from "grammy";

/** What a failed sendMessage means for the delivery. */
export type Failure =
  /** Blocked, kicked, deactivated, or the chat no longer exists: never try this chat again. */
  | { kind: "gone"; reason: string }
  /** 429: everyone waits as long as Telegram asks, then tries again. */
  | { kind: "flood"; retryAfterMs: number }
  /** 5xx or the network: worth another attempt after a pause. */
  | { kind: "transient"; reason: string }
  /** Anything else (a 400 about the message itself): another attempt would fail the same way. */
  | { kind: "failed"; reason: string };

export function classify(error: unknown): Failure {
  if (error instanceof GrammyError) {
    const code = error.error_code;
    const reason = `${code} ${error.description}`;
    if (code === 429) return { kind: "flood", retryAfterMs: (error.parameters.retry_after ?? 5) * 1000 };
    if (code === 403) return { kind: "gone", reason };
    if (
      code === 400 &&
      /chat not found|user is deactivated|peer_id_invalid|group chat was deactivated/i.test(error.description)
    ) {
      return { kind: "gone", reason };
    }
    if (code >= 500) return { kind: "transient", reason };
    return { kind: "failed", reason };
  }
  if (error instanceof HttpError) return { kind: "transient", reason: "network error" };
  return { kind: "failed", reason: error instanceof Error ? error.message : String(error) };
}
