import { escapeHtml } from "../../kernel/html.js";
import type { ChatExport } from "../../storage/store.js";

/** Telegram's message limit is 4096 characters; leave room for the header. */
const maxMessageLength = 3800;

/** A stored value as a person reads it: times as UTC dates, nothing hidden, everything escaped. */
export function formatValue(key: string, value: unknown): string {
  if (value === null || value === undefined) return "–";
  if (value instanceof Date) return formatTime(value);
  // SQLite keeps times as epoch milliseconds in *_at columns.
  if (typeof value === "number" && /_at$/.test(key) && value > 1e11) return formatTime(new Date(value));
  if (typeof value === "object") return escapeHtml(JSON.stringify(value));
  return escapeHtml(String(value));
}

function formatTime(date: Date): string {
  return Number.isNaN(date.getTime()) ? "–" : `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/**
 * Every row of every table, as HTML blocks no longer than one Telegram message each. Nothing is
 * summarised away: /meine_daten must show everything stored.
 */
export function formatExport(data: ChatExport): string[] {
  const blocks: string[] = [];
  for (const [table, rows] of Object.entries(data)) {
    if (rows.length === 0) continue;
    blocks.push(`<b>${escapeHtml(table)}</b>`);
    for (const row of rows) {
      const lines = Object.entries(row).map(
        ([key, value]) => `${escapeHtml(key)}: ${formatValue(key, value)}`,
      );
      blocks.push(`• ${lines.join("\n  ")}`);
    }
  }
  const messages: string[] = [];
  let current = "";
  for (const block of blocks) {
    // A cut never leaves half an entity such as "&am" behind.
    const piece =
      block.length > maxMessageLength
        ? `${block.slice(0, maxMessageLength).replace(/&[a-z]*$/, "")}…`
        : block;
    if (current && current.length + piece.length + 2 > maxMessageLength) {
      messages.push(current);
      current = "";
    }
    current = current ? `${current}\n\n${piece}` : piece;
  }
  if (current) messages.push(current);
  return messages;
}
