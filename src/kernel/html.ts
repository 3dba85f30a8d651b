/** Escapes text for Telegram's HTML parse mode (the three characters it requires). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
