import fc from "fast-check";
import type { Update } from "grammy/types";
import { encode } from "../../src/bot/callback-data.js";
import { offlineBotInfo } from "../../src/bot/offline.js";
import { knowledge } from "../helpers/bot.js";

/**
 * Generators for everything Telegram may send a bot. Each case says what the bot must do with
 * it, as far as today's behaviour fixes it: "answered" (a private text gets a message back),
 * "ignored" (nothing sent: group chatter not addressed to the bot, channel posts, edits), or
 * "any" (only validity is checked). New features extend the lists below.
 */
export type Expectation = "answered" | "ignored" | "any";
export interface UpdateCase {
  update: Omit<Update, "update_id">;
  expect: Expectation;
  /** The chat the update belongs to; the bot may send only there. */
  chatId?: number;
}

// Pieces that break naive formatting: HTML and MarkdownV2 metacharacters, bidi and invisible
// characters, control characters, combining marks, emoji sequences, case-mapping oddities.
const hostile = [
  "<b>",
  "</b>",
  "<i>",
  '<a href="javascript:x">',
  "</a>",
  "<script>",
  "<br>",
  "&",
  "&amp;",
  "&lt;",
  "&#0;",
  "&nbsp;",
  '"',
  "'",
  "<",
  ">",
  "*",
  "_",
  "__",
  "~",
  "`",
  "```",
  "||",
  "[",
  "](",
  ")",
  "#",
  "+",
  "-",
  "=",
  "|",
  "{",
  "}",
  ".",
  "!",
  "\\",
  "\u200f",
  "\u200e",
  "\u202e",
  "\u2066",
  "\u200d",
  "\u200b",
  "\ufeff",
  "\u00ad",
  "\u0000",
  "\u0007",
  "\u001b[31m",
  "\u007f",
  "\n",
  "\r\n",
  "\t",
  "\u2028",
  "👨‍👩‍👧",
  "🇩🇪",
  "🏳️‍🌈",
  "e\u0301",
  "ß",
  "ẞ",
  "İ",
  "ﬁ",
  "Ⅻ",
  "١٢٣",
  "مرحبا",
  "שלום",
  "你好",
  "こんにちは",
  "Привет",
  "😀",
  "@WiderspruchBot",
  "@widerspruchbot",
  "@other_bot",
  "/start",
  "https://t.me/x",
  "%s",
  "{{count}}",
  "$t(welcome)",
  "__proto__",
  "constructor",
  "null",
  "undefined",
  "NaN",
] as const;

const contentWords = [
  ...[...knowledge.entries.values(), ...knowledge.intents.values()].flatMap((m) =>
    [...m.questions.de, ...m.questions.en].join(" ").split(/\s+/),
  ),
];

const fragment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...contentWords) },
  { weight: 3, arbitrary: fc.constantFrom(...hostile) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme-ascii", maxLength: 12 }) },
);

const shortText = fc
  .tuple(fc.array(fragment, { maxLength: 24 }), fc.constantFrom(" ", "", "\n"))
  .map(([parts, separator]) => parts.join(separator));

/** Up to 4,096 UTF-16 units, as Telegram delivers them (always well-formed). */
const longText = fc
  .tuple(shortText, fc.integer({ min: 1000, max: 4096 }))
  .map(([seed, length]) =>
    (seed || "x").repeat(Math.ceil(length / Math.max(1, seed.length))).slice(0, length),
  );

export const anyText = fc
  .oneof({ weight: 8, arbitrary: shortText }, { weight: 1, arbitrary: longText })
  .map((text) => wellFormed(wellFormed(text).slice(0, 4096)));

/** Lone surrogates (from slicing) replaced, as UTF-8 decoding on Telegram's side would. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

const commandNames = [
  "start",
  "frist",
  "deadline",
  "themen",
  "topics",
  "hilfe",
  "help",
  "sprache",
  "language",
  "meine_daten",
  "loeschen",
  "stop",
  "erinnerung",
  "settings",
  "Start",
  "START",
  "x",
  "",
] as const;

/** "/name[@bot] garbage", with the bot_command entity Telegram attaches. */
const command = fc
  .tuple(
    fc.oneof(fc.constantFrom(...commandNames), fc.stringMatching(/^[a-z0-9_]{1,32}$/)),
    fc.constantFrom("", "", `@${offlineBotInfo.username}`, "@OtherBot", "@widerspruchbot"),
    fc.oneof(
      fc.constant(""),
      fc.constantFrom(" faq-how-to-object", " faq-", " faq-../../etc"),
      anyText.map((t) => ` ${t}`),
    ),
  )
  .map(([name, at, args]) => {
    const head = `/${name}${at}`;
    return {
      text: `${head}${args}`.slice(0, 4096),
      entities: [{ type: "bot_command", offset: 0, length: head.length }],
    };
  });

const user = fc.record({
  id: fc.integer({ min: 1, max: 2 ** 40 }),
  is_bot: fc.constant(false),
  first_name: fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }),
  language_code: fc.option(fc.constantFrom("de", "en", "en-GB", "fr", "", "DE", "zz-ZZ"), { nil: undefined }),
});
type User = { id: number; is_bot: false; first_name: string; language_code?: string | undefined };

const chatKind = fc.constantFrom("private", "private", "private", "group", "supergroup");
const groupId = fc.integer({ min: 1, max: 2 ** 40 }).map((n) => -1_000_000_000_000 - n);

const media: fc.Arbitrary<Record<string, unknown>>[] = [
  fc.constant({ photo: [{ file_id: "p", file_unique_id: "p", width: 90, height: 90 }] }),
  fc.constant({
    sticker: {
      file_id: "s",
      file_unique_id: "s",
      type: "regular",
      width: 512,
      height: 512,
      is_animated: false,
      is_video: false,
    },
  }),
  fc.constant({ voice: { file_id: "v", file_unique_id: "v", duration: 3 } }),
  fc.constant({ audio: { file_id: "a", file_unique_id: "a", duration: 3 } }),
  fc.constant({ video: { file_id: "v", file_unique_id: "v", width: 1, height: 1, duration: 1 } }),
  fc.constant({ video_note: { file_id: "n", file_unique_id: "n", length: 1, duration: 1 } }),
  fc.constant({ animation: { file_id: "g", file_unique_id: "g", width: 1, height: 1, duration: 1 } }),
  fc.constant({ document: { file_id: "d", file_unique_id: "d", file_name: "x.pdf" } }),
  fc.constant({ location: { latitude: 52.52, longitude: 13.4 } }),
  fc.constant({ venue: { location: { latitude: 1, longitude: 2 }, title: "t", address: "a" } }),
  fc.constant({ contact: { phone_number: "+49", first_name: "K" } }),
  fc.constant({ dice: { emoji: "🎲", value: 3 } }),
  fc.constant({
    poll: {
      id: "1",
      question: "?",
      options: [],
      total_voter_count: 0,
      is_closed: false,
      is_anonymous: true,
      type: "regular",
      allows_multiple_answers: false,
    },
  }),
];

/** Media with an optional caption (captions are text too, but not questions). */
const mediaMessage = fc
  .tuple(fc.oneof(...media), fc.option(anyText, { nil: undefined }))
  .map(([content, caption]) => ({ ...content, ...(caption ? { caption } : {}) }));

const serviceMessage = fc.oneof(
  user.map((u) => ({ new_chat_members: [u] })),
  fc.constant({ new_chat_members: [offlineBotInfo] }),
  user.map((u) => ({ left_chat_member: u })),
  fc.constant({ new_chat_title: "Neu" }),
  fc.constant({ group_chat_created: true }),
  fc.constant({ migrate_to_chat_id: -1001 }),
  fc.constant({ pinned_message: { message_id: 1, date: 0, chat: { id: 1, type: "private" } } }),
);

function chatOf(kind: string, from: User, group: number) {
  return kind === "private"
    ? { id: from.id, type: "private", first_name: from.first_name }
    : { id: group, type: kind, title: "Gruppe" };
}

/** Text that addresses nobody in particular: not a command, no mention of the bot. */
const notAddressed = (text: string) => !text.startsWith("/") && !/@widerspruchbot/i.test(text);

const message = fc
  .record({
    kind: chatKind,
    from: user,
    group: groupId,
    body: fc.oneof(
      { weight: 6, arbitrary: anyText.map((text) => ({ text })) },
      { weight: 3, arbitrary: command },
      { weight: 3, arbitrary: mediaMessage },
      { weight: 1, arbitrary: serviceMessage },
    ),
    extra: fc.oneof(
      { weight: 6, arbitrary: fc.constant({}) },
      {
        weight: 1,
        arbitrary: fc.constant({ forward_origin: { type: "hidden_user", sender_user_name: "x", date: 0 } }),
      },
      {
        weight: 1,
        arbitrary: fc.constant({ via_bot: { id: 9, is_bot: true, first_name: "b", username: "b" } }),
      },
      {
        weight: 1,
        arbitrary: fc.constant({
          reply_to_message: { message_id: 1, date: 0, chat: { id: 1, type: "private" }, text: "?" },
        }),
      },
    ),
    messageId: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  })
  .map(({ kind, from, group, body, extra, messageId }): UpdateCase => {
    const chat = chatOf(kind, from, group);
    const msg = { message_id: messageId, date: 1_750_000_000, chat, from, ...body, ...extra };
    const text = "text" in body ? (body.text as string) : undefined;
    const plain = Object.keys(extra).length === 0;
    let expectation: Expectation = "any";
    if (kind === "private" && text !== undefined && text.trim() !== "") expectation = "answered";
    if (kind !== "private" && plain && !("new_chat_members" in body) && !("left_chat_member" in body)) {
      if (text === undefined ? !("group_chat_created" in body) : notAddressed(text)) expectation = "ignored";
    }
    return { update: { message: msg } as never, expect: expectation, chatId: chat.id };
  });

/** Edits of any message, channel posts and their edits: the bot stays silent. */
const silent = fc
  .record({
    field: fc.constantFrom("edited_message", "channel_post", "edited_channel_post"),
    kind: chatKind,
    from: user,
    group: groupId,
    body: fc.oneof(
      anyText.map((text) => ({ text })),
      command,
      mediaMessage,
    ),
  })
  .map(({ field, kind, from, group, body }): UpdateCase => {
    const channel = field !== "edited_message";
    const chat = channel ? { id: group, type: "channel", title: "Kanal" } : chatOf(kind, from, group);
    const msg = {
      message_id: 7,
      date: 1_750_000_000,
      chat,
      ...(channel ? { sender_chat: chat } : { from, edit_date: 1_750_000_100 }),
      ...body,
    };
    return { update: { [field]: msg } as never, expect: "ignored", chatId: chat.id };
  });

const entryIds = [...knowledge.entries.keys(), ...knowledge.intents.keys()];
const callbackData = fc.oneof(
  fc.constantFrom(...entryIds).map((id) => encode({ kind: "answer", id })),
  fc.constantFrom(...entryIds).map((id) => encode({ kind: "feedback", id, helpful: id.length % 2 === 0 })),
  fc.constantFrom(
    encode({ kind: "menu" }),
    encode({ kind: "language", lang: "en" }),
    encode({ kind: "language", lang: "de" }),
  ),
  fc
    .tuple(fc.constantFrom("1", "0", "2", "", "1:a", "1:f:y", "1:l"), fc.string({ maxLength: 40 }))
    .map(([a, b]) => `${a}:${b}`),
  fc.string({ unit: "binary", maxLength: 16 }),
  fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 64 }),
);

const callback = fc
  .record({
    from: user,
    kind: chatKind,
    group: groupId,
    data: fc.option(callbackData, { nil: undefined, freq: 8 }),
    where: fc.constantFrom("message", "message", "inline", "inaccessible"),
    id: fc.stringMatching(/^[0-9]{1,19}$/),
  })
  .map(({ from, kind, group, data, where, id }): UpdateCase => {
    const chat = chatOf(kind, from, group);
    const base = {
      id,
      from,
      chat_instance: "c",
      ...(data === undefined ? { game_short_name: "g" } : { data }),
    };
    const at =
      where === "inline"
        ? { inline_message_id: "AAAA" }
        : where === "inaccessible"
          ? { message: { message_id: 3, date: 0, chat } }
          : { message: { message_id: 3, date: 1_750_000_000, chat, text: "…", from: offlineBotInfo } };
    return { update: { callback_query: { ...base, ...at } } as never, expect: "any", chatId: chat.id };
  });

const inline = fc
  .record({
    from: user,
    query: anyText.map((t) => t.slice(0, 256)),
    offset: fc.constantFrom("", "10", "x", "-1"),
  })
  .map(
    ({ from, query, offset }): UpdateCase => ({
      update: { inline_query: { id: "iq", from, query, offset, chat_type: "sender" } } as never,
      expect: "any",
    }),
  );

const memberStatus = fc.constantFrom("member", "kicked", "left", "administrator", "restricted");
const member = fc
  .record({
    field: fc.constantFrom("my_chat_member", "chat_member"),
    from: user,
    kind: chatKind,
    group: groupId,
    before: memberStatus,
    after: memberStatus,
  })
  .map(({ field, from, kind, group, before, after }): UpdateCase => {
    const chat = chatOf(kind, from, group);
    const subject = field === "my_chat_member" ? offlineBotInfo : from;
    const state = (status: string) => ({
      status,
      user: subject,
      ...(status === "restricted" ? { is_member: true, until_date: 0 } : {}),
      ...(status === "kicked" ? { until_date: 0 } : {}),
    });
    return {
      update: {
        [field]: {
          chat,
          from,
          date: 1_750_000_000,
          old_chat_member: state(before),
          new_chat_member: state(after),
        },
      } as never,
      expect: "any",
      chatId: chat.id,
    };
  });

/** Update types no feature handles today; they must pass through without a word. */
const other = fc.record({ from: user, group: groupId }).chain(({ from, group }) =>
  fc.constantFrom<UpdateCase>(
    { update: { chosen_inline_result: { result_id: "r", from, query: "q" } } as never, expect: "ignored" },
    { update: { poll_answer: { poll_id: "1", user: from, option_ids: [0] } } as never, expect: "ignored" },
    {
      update: {
        chat_join_request: {
          chat: { id: group, type: "supergroup", title: "G" },
          from,
          user_chat_id: from.id,
          date: 0,
        },
      } as never,
      expect: "any",
    },
    {
      update: {
        message_reaction: {
          chat: { id: group, type: "group", title: "G" },
          message_id: 1,
          user: from,
          date: 0,
          old_reaction: [],
          new_reaction: [{ type: "emoji", emoji: "👍" }],
        },
      } as never,
      expect: "ignored",
    },
  ),
);

export const updateCase: fc.Arbitrary<UpdateCase> = fc.oneof(
  { weight: 8, arbitrary: message },
  { weight: 2, arbitrary: silent },
  { weight: 3, arbitrary: callback },
  { weight: 1, arbitrary: inline },
  { weight: 1, arbitrary: member },
  { weight: 1, arbitrary: other },
);
