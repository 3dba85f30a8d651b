import type { I18n } from "../../i18n.js";
import { formatDate, localDate } from "../../kernel/dates.js";
import type { Lang } from "../../kernel/lang.js";
import type { BroadcastProgress } from "../../storage/store.js";

/** "#3 vom 1. Juli 2026: 120 von 300 gesendet, 2 fehlgeschlagen, 1 übersprungen, 177 offen – läuft". */
export function broadcastLine(progress: BroadcastProgress, lang: Lang, i18n: I18n): string {
  return i18n.t(lang, progress.finishedAt ? "admin.broadcastLineDone" : "admin.broadcastLineRunning", {
    id: progress.id,
    date: formatDate(localDate(progress.createdAt, "Europe/Berlin"), lang),
    recipients: progress.recipients,
    sent: progress.sent,
    failed: progress.failed,
    skipped: progress.skipped,
    pending: progress.pending,
  });
}
