import { describe, expect, it } from "vitest";
import { callProblem, keyboardProblem, messageTextProblem, parseTelegramHtml } from "../helpers/telegram.js";

// The validator guards every other robustness test; it must itself reject what Telegram rejects.
describe("Telegram HTML validator", () => {
  it("accepts Telegram's tags, entities and nesting and returns the visible text", () => {
    expect(parseTelegramHtml('<b>Frist</b> &lt;27.&gt; <a href="https://x.de/?a=1&amp;b=2">Link</a>')).toBe(
      "Frist <27.> Link",
    );
    expect(parseTelegramHtml("<b><i>x</i></b> &quot;&#39;&#x2F;")).toBe("x \"'/");
    expect(parseTelegramHtml('<pre><code class="language-ts">a &amp;&amp; b</code></pre>')).toBe("a && b");
    expect(parseTelegramHtml('<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>')).toBe("st");
    expect(parseTelegramHtml("<blockquote expandable>q</blockquote>")).toBe("q");
  });

  it.each([
    ["a < b", "unescaped"],
    ["a > b", "unescaped"],
    ["Tom & Jerry", "unescaped"],
    ["&nbsp;", "unescaped"],
    ["<b>x", "unclosed"],
    ["<b><i>x</b></i>", "not open"],
    ["</b>", "not open"],
    ["<div>x</div>", "not supported"],
    ["<B>x</B>", "malformed"],
    ["<a>x</a>", "attributes"],
    ['<a href="x" target="y">x</a>', "attributes"],
    ['<span class="red">x</span>', "attributes"],
    ["<code><b>x</b></code>", "plain text"],
    ["<b><b>x</b></b>", "inside itself"],
    ["<blockquote><blockquote>x</blockquote></blockquote>", "blockquote"],
  ])("rejects %j", (html, reason) => {
    expect(() => parseTelegramHtml(html)).toThrow(reason);
  });

  it("checks the length Telegram counts: the visible text, 1 to 4,096 characters", () => {
    expect(messageTextProblem(`<b>${"x".repeat(4096)}</b>`, "HTML")).toBeNull();
    expect(messageTextProblem("x".repeat(4097), undefined)).toContain("4,096");
    expect(messageTextProblem("<b> </b>", "HTML")).toBe("text is empty");
    expect(messageTextProblem("", undefined)).toBe("text is empty");
    expect(messageTextProblem("\uD800", undefined)).toContain("surrogate");
  });

  it("checks keyboards: at most 100 buttons, callback data 1 to 64 bytes, one action each", () => {
    const button = (data: string) => ({ text: "x", callback_data: data });
    expect(keyboardProblem({ inline_keyboard: [[button("1:m")]] })).toBeNull();
    expect(keyboardProblem({ inline_keyboard: [[button("ä".repeat(33))]] })).toContain("66 bytes");
    expect(keyboardProblem({ inline_keyboard: [[button("")]] })).toContain("0 bytes");
    const many = Array.from({ length: 13 }, () => Array.from({ length: 8 }, () => button("1:m")));
    expect(keyboardProblem({ inline_keyboard: many })).toContain("104 buttons");
    expect(keyboardProblem({ inline_keyboard: [[{ text: "x" }]] })).toContain("0 actions");
    expect(keyboardProblem({ inline_keyboard: [[{ text: "", url: "https://a.de" }]] })).toContain(
      "without text",
    );
  });

  it("checks inline query answers: at most 50 results with unique ids", () => {
    const result = (id: string) => ({
      type: "article",
      id,
      title: "t",
      input_message_content: { message_text: "<b>x</b>", parse_mode: "HTML" },
    });
    const answer = (results: unknown[]) => ({
      method: "answerInlineQuery",
      payload: { inline_query_id: "1", results },
    });
    expect(callProblem(answer([result("a"), result("b")]))).toBeNull();
    expect(callProblem(answer(Array.from({ length: 51 }, (_, i) => result(String(i)))))).toContain("51");
    expect(callProblem(answer([result("a"), result("a")]))).toContain("twice");
  });
});
