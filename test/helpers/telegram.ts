import type { ApiCall } from "../../src/bot/offline.js";

/**
 * What Telegram accepts, checked the way its Bot API parses it, so that tests catch a message
 * Telegram would reject with "can't parse entities" or "message is too long". Written here
 * because no library implements Telegram's own HTML dialect (a subset with its own nesting rules).
 */

/** Tags and the attributes each may carry (https://core.telegram.org/bots/api#html-style). */
const allowedTags: Record<string, (attributes: Map<string, string | true>) => boolean> = {
  b: none,
  strong: none,
  i: none,
  em: none,
  u: none,
  ins: none,
  s: none,
  strike: none,
  del: none,
  "tg-spoiler": none,
  a: (attrs) => attrs.size === 1 && typeof attrs.get("href") === "string",
  code: (attrs) =>
    attrs.size === 0 || (attrs.size === 1 && /^language-[\w+#-]+$/.test(String(attrs.get("class") ?? ""))),
  pre: none,
  span: (attrs) => attrs.size === 1 && attrs.get("class") === "tg-spoiler",
  blockquote: (attrs) => attrs.size === 0 || (attrs.size === 1 && attrs.get("expandable") === true),
  "tg-emoji": (attrs) => attrs.size === 1 && /^\d+$/.test(String(attrs.get("emoji-id") ?? "")),
};
function none(attributes: Map<string, string | true>): boolean {
  return attributes.size === 0;
}

const entity = /^&(?:lt|gt|amp|quot|#\d{1,7}|#x[0-9a-f]{1,6});/i;
const tagPattern = /^<(\/?)([a-z-]+)((?:\s+[a-z-]+(?:="[^"<]*")?)*)\s*>/;

function decodeEntity(text: string): string {
  const named: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"' };
  if (named[text.toLowerCase()]) return named[text.toLowerCase()] as string;
  const hex = text[2] === "x" || text[2] === "X";
  const code = Number.parseInt(text.slice(hex ? 3 : 2, -1), hex ? 16 : 10);
  return code <= 0x10ffff ? String.fromCodePoint(code) : "\uFFFD";
}

/**
 * Parses Telegram HTML. Returns the plain text the user sees, or throws with the reason Telegram
 * would refuse the message.
 */
export function parseTelegramHtml(html: string): string {
  const stack: string[] = [];
  let text = "";
  let i = 0;
  while (i < html.length) {
    const char = html[i] as string;
    if (char === "<") {
      const match = tagPattern.exec(html.slice(i, i + 2000));
      if (!match) throw new Error(`unescaped "<" or malformed tag at ${i}`);
      const [whole, closing, name = "", rawAttributes = ""] = match;
      const check = allowedTags[name];
      if (!check) throw new Error(`tag <${name}> is not supported by Telegram`);
      if (closing) {
        if (rawAttributes.trim()) throw new Error(`closing tag </${name}> has attributes`);
        if (stack.pop() !== name) throw new Error(`</${name}> closes a tag that is not open at ${i}`);
      } else {
        const attributes = new Map<string, string | true>();
        for (const [, key = "", value] of rawAttributes.matchAll(/([a-z-]+)(?:="([^"]*)")?/g)) {
          if (value !== undefined && /&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-f]+);)/i.test(value)) {
            throw new Error(`unescaped "&" in an attribute of <${name}>`);
          }
          attributes.set(key, value ?? true);
        }
        if (!check(attributes)) throw new Error(`<${name}> with attributes "${rawAttributes.trim()}"`);
        const parent = stack.at(-1);
        if (parent === "code" || (parent === "pre" && name !== "code")) {
          throw new Error(`<${name}> inside <${parent}>: code and pre hold plain text only`);
        }
        if (name === "pre" && stack.length > 0) throw new Error("<pre> must not be nested");
        if (name === "blockquote" && stack.includes("blockquote")) throw new Error("nested <blockquote>");
        if (name === "a" && stack.includes("a")) throw new Error("nested <a>");
        if (stack.includes(name)) throw new Error(`<${name}> inside itself`);
        stack.push(name);
      }
      i += whole.length;
    } else if (char === "&") {
      const match = entity.exec(html.slice(i, i + 12));
      if (!match) throw new Error(`unescaped "&" at ${i}`);
      text += decodeEntity(match[0]);
      i += match[0].length;
    } else if (char === ">") {
      throw new Error(`unescaped ">" at ${i}`);
    } else {
      text += char;
      i++;
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join(">, <")}>`);
  return text;
}

/** No lone surrogate: what valid UTF-8 from Telegram always decodes to. */
export function isWellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

/** Why Telegram would reject a message text (as parsed with its parse mode), or null when it is valid. */
export function messageTextProblem(text: unknown, parseMode: unknown): string | null {
  if (typeof text !== "string") return "text is missing";
  let visible = text;
  if (parseMode === "HTML") {
    try {
      visible = parseTelegramHtml(text);
    } catch (error) {
      return `HTML does not parse: ${(error as Error).message}`;
    }
  } else if (parseMode !== undefined) {
    return `unexpected parse_mode ${String(parseMode)}`;
  }
  if (visible.trim().length === 0) return "text is empty";
  if (visible.length > 4096) return `text is ${visible.length} characters long (at most 4,096)`;
  if (!isWellFormed(visible)) return "text is not valid UTF-16 (lone surrogate)";
  return null;
}

interface Button {
  text?: unknown;
  callback_data?: unknown;
  url?: unknown;
  switch_inline_query?: unknown;
  switch_inline_query_current_chat?: unknown;
}

/** Why Telegram would reject this inline keyboard, or null. */
export function keyboardProblem(markup: unknown): string | null {
  if (markup === undefined) return null;
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (!Array.isArray(rows)) return "reply_markup without inline_keyboard";
  const buttons = rows.flat() as Button[];
  if (buttons.length > 100) return `${buttons.length} buttons (at most 100)`;
  for (const row of rows as unknown[][])
    if (row.length > 8) return `a row of ${row.length} buttons (at most 8)`;
  for (const button of buttons) {
    if (typeof button.text !== "string" || button.text.trim() === "") return "a button without text";
    const actions = [
      "callback_data",
      "url",
      "switch_inline_query",
      "switch_inline_query_current_chat",
    ].filter((key) => button[key as keyof Button] !== undefined);
    if (actions.length !== 1) return `button "${button.text}" has ${actions.length} actions`;
    if (button.callback_data !== undefined) {
      const bytes = Buffer.byteLength(String(button.callback_data));
      if (bytes < 1 || bytes > 64) return `callback_data of ${bytes} bytes (1–64)`;
    }
    if (button.url !== undefined && !/^(https?|tg):\/\/\S+$/.test(String(button.url))) {
      return `button url "${String(button.url)}"`;
    }
  }
  return null;
}

/** Why Telegram would reject this call, or null when it is valid. Covers the calls the bot makes. */
export function callProblem(call: ApiCall): string | null {
  const { method, payload } = call;
  switch (method) {
    case "sendMessage":
    case "editMessageText": {
      if (method === "sendMessage" && payload.chat_id === undefined) return "sendMessage without chat_id";
      return messageTextProblem(payload.text, payload.parse_mode) ?? keyboardProblem(payload.reply_markup);
    }
    case "editMessageReplyMarkup":
      return keyboardProblem(payload.reply_markup);
    case "answerCallbackQuery": {
      const text = payload.text;
      if (text !== undefined && (typeof text !== "string" || text.length > 200)) {
        return "callback answer text over 200 characters";
      }
      return typeof payload.callback_query_id === "string" ? null : "answerCallbackQuery without an id";
    }
    case "answerInlineQuery": {
      const results = payload.results;
      if (!Array.isArray(results)) return "answerInlineQuery without results";
      if (results.length > 50) return `${results.length} inline results (at most 50)`;
      const ids = new Set<string>();
      for (const result of results as { id?: unknown; input_message_content?: Record<string, unknown> }[]) {
        const id = String(result.id ?? "");
        if (!id || Buffer.byteLength(id) > 64) return `inline result id "${id}" (1–64 bytes)`;
        if (ids.has(id)) return `inline result id "${id}" is used twice`;
        ids.add(id);
        const content = result.input_message_content;
        if (content && "message_text" in content) {
          const problem = messageTextProblem(content.message_text, content.parse_mode);
          if (problem) return `inline result ${id}: ${problem}`;
        }
      }
      return null;
    }
    default:
      return null;
  }
}
