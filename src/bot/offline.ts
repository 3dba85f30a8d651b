import type { Transformer } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";

/** A bot identity for offline use (tests, `npm run chat`, benchmarks): no getMe call needed. */
export const offlineBotInfo: UserFromGetMe = {
  id: 1_000_001,
  is_bot: true,
  first_name: "Widerspruch-Bot",
  username: "WiderspruchBot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
}

let messageIds = 1000;

/** What Telegram would answer, well enough for the bot to carry on. */
export function fakeResult(method: string, payload: Record<string, unknown>): unknown {
  if (method.startsWith("send") || method === "copyMessage") {
    return {
      message_id: ++messageIds,
      date: Math.floor(Date.now() / 1000),
      chat: { id: payload.chat_id, type: Number(payload.chat_id) < 0 ? "group" : "private" },
      text: payload.text,
    };
  }
  if (method === "getMe") return offlineBotInfo;
  if (method === "getChatMember")
    return { status: "member", user: { id: payload.user_id, is_bot: false, first_name: "x" } };
  return true;
}

/**
 * Answers every Bot API call in the process and hands it to `record` — the whole network, offline.
 * `respond` may replace the answer (e.g. to simulate errors).
 */
export function offlineApi(
  record: (call: ApiCall) => void,
  respond: (call: ApiCall) => unknown = (call) => fakeResult(call.method, call.payload),
): Transformer {
  return async (_prev, method, payload) => {
    const call = { method, payload: (payload ?? {}) as Record<string, unknown> };
    record(call);
    const result = await respond(call);
    return { ok: true, result } as never;
  };
}

/** Builds updates the way Telegram sends them, for a private chat by default. */
export class UpdateFactory {
  private nextUpdateId = 1;
  private nextMessageId = 1;

  constructor(
    readonly user: { id: number; first_name: string; language_code?: string } = {
      id: 4242,
      first_name: "Test",
      language_code: "de",
    },
  ) {}

  private chat(chatId?: number) {
    const id = chatId ?? this.user.id;
    return id < 0
      ? { id, type: "group" as const, title: "Gruppe" }
      : { id, type: "private" as const, first_name: this.user.first_name };
  }

  /** A text message; a leading /command and @mentions get their entities, as Telegram marks them. */
  text(text: string, chatId?: number, extra: Record<string, unknown> = {}): Update {
    const entities: { type: string; offset: number; length: number }[] = [];
    if (text.startsWith("/")) {
      entities.push({ type: "bot_command", offset: 0, length: text.split(/\s/)[0]?.length ?? 1 });
    }
    for (const m of text.matchAll(/(?<![\w/])@[A-Za-z0-9_]{5,32}/g)) {
      entities.push({ type: "mention", offset: m.index, length: m[0].length });
    }
    return this.message({ text, ...(entities.length > 0 ? { entities } : {}), ...extra }, chatId);
  }

  /** A text message that replies to an earlier message of `author` (the bot by default). */
  reply(
    text: string,
    chatId: number,
    author: { id: number; is_bot: boolean; first_name: string } = offlineBotInfo,
  ): Update {
    return this.text(text, chatId, {
      reply_to_message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: this.chat(chatId),
        from: author,
        text: "…",
      },
    });
  }

  /** What a person types after @<bot> in any chat. */
  inlineQuery(query: string): Update {
    return {
      update_id: this.nextUpdateId++,
      inline_query: {
        id: `iq${this.nextUpdateId}`,
        from: { is_bot: false, ...this.user },
        query,
        offset: "",
      },
    } as Update;
  }

  /** The bot's own membership changes in a group: added (left → member) by default, by this user. */
  myChatMember(chatId: number, from = "left", to = "member"): Update {
    const member = (status: string) => ({ status, user: offlineBotInfo });
    return {
      update_id: this.nextUpdateId++,
      my_chat_member: {
        chat: this.chat(chatId),
        from: { is_bot: false, ...this.user },
        date: Math.floor(Date.now() / 1000),
        old_chat_member: member(from),
        new_chat_member: member(to),
      },
    } as Update;
  }

  message(content: Record<string, unknown>, chatId?: number): Update {
    return {
      update_id: this.nextUpdateId++,
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: this.chat(chatId),
        from: { is_bot: false, ...this.user },
        ...content,
      },
    } as Update;
  }

  callback(data: string, chatId?: number): Update {
    return {
      update_id: this.nextUpdateId++,
      callback_query: {
        id: String(this.nextUpdateId),
        from: { is_bot: false, ...this.user },
        chat_instance: "offline",
        data,
        message: {
          message_id: this.nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: this.chat(chatId),
          text: "…",
        },
      },
    } as Update;
  }

  raw(update: Omit<Update, "update_id">): Update {
    return { update_id: this.nextUpdateId++, ...update } as Update;
  }
}
