import type { Translate } from "../../i18n.js";
import { formatDate, localDate } from "../../kernel/dates.js";
import type { Lang } from "../../kernel/lang.js";
import type { Campaign } from "../../knowledge/schema.js";
import { type ChatExport, newDeadlinesCampaign } from "../../storage/store.js";

/** What the summary needs besides the data: the chat's language and the campaigns' titles. */
export interface SummaryContext {
  t: Translate;
  lang: Lang;
  campaigns: readonly Pick<Campaign, "id" | "title">[];
  /** The operator keeps unanswered questions (without chat ids) this many days; 0 = not at all. */
  unansweredLogDays: number;
}

type Row = Record<string, unknown>;

/** A stored time (epoch milliseconds; a string or Date from some drivers) as "2. Dezember 2026". */
function day(value: unknown, lang: Lang): string {
  const ms = value instanceof Date ? value.getTime() : Number(value);
  if (value === null || value === undefined || !Number.isFinite(ms)) return "–";
  return formatDate(localDate(new Date(ms), "Europe/Berlin"), lang);
}

const time = (value: unknown) => (value instanceof Date ? value.getTime() : Number(value ?? 0));
/** `active` is a BOOLEAN in PostgreSQL and 0/1 in SQLite. */
const isTrue = (value: unknown) => value === true || value === 1 || value === "1";

function reminderLine(row: Row, c: SummaryContext): string {
  const since = day(row.created_at, c.lang);
  const campaign = c.campaigns.find((k) => k.id === row.campaign_id);
  const what =
    row.campaign_id === newDeadlinesCampaign
      ? c.t("privacyControls.reminderNewDeadlines")
      : c.t("privacyControls.reminderWhat", {
          title: campaign?.title[c.lang] ?? String(row.campaign_id),
          mode: c.t(`privacyControls.modes.${row.mode === "last" ? "last" : "all"}`),
        });
  return isTrue(row.active)
    ? c.t("privacyControls.dataReminderOn", { since, what })
    : c.t("privacyControls.dataReminderOff", { since, ended: day(row.ended_at, c.lang), what });
}

function deliveryLines(rows: Row[], c: SummaryContext): string[] {
  const sent = rows.filter((r) => r.status === "sent");
  const lines: string[] = [];
  if (sent.length > 0) {
    const last = Math.max(...sent.map((r) => time(r.finished_at ?? r.claimed_at)));
    lines.push(c.t("privacyControls.dataDelivered", { count: sent.length, date: day(last, c.lang) }));
  }
  const other = rows.length - sent.length;
  if (other > 0) lines.push(c.t("privacyControls.dataNotDelivered", { count: other }));
  return lines;
}

/**
 * Everything stored about a chat, in words and in the chat's language: since when, the language,
 * the kind of chat, each reminder subscription, how many reminders were delivered, and — when the
 * operator keeps them — that unanswered questions are kept without any link to the chat. Null when
 * nothing is stored. The exact rows go along as a file (exportFile).
 */
export function describeChatData(data: ChatExport, c: SummaryContext): string | null {
  if (Object.values(data).every((rows) => rows.length === 0)) return null;
  const [chat] = data.chats ?? [];
  const subscriptions = data.subscriptions ?? [];
  const lines: string[] = [];
  if (chat) {
    lines.push(c.t("privacyControls.dataSince", { date: day(chat.created_at, c.lang), id: chat.chat_id }));
    const language = chat.language === "de" || chat.language === "en" ? chat.language : null;
    lines.push(
      language
        ? c.t("privacyControls.dataLanguage", { language: c.t(`privacyControls.languageNames.${language}`) })
        : c.t("privacyControls.dataNoLanguage"),
    );
  }
  const kind = subscriptions[0]?.chat_kind;
  if (kind === "private" || kind === "group") {
    lines.push(c.t("privacyControls.dataKind", { kind: c.t(`privacyControls.kinds.${kind}`) }));
  }
  for (const row of subscriptions) lines.push(reminderLine(row, c));
  lines.push(...deliveryLines(data.deliveries ?? [], c));
  if (c.unansweredLogDays > 0) lines.push(c.t("privacyControls.dataUnanswered"));
  return [c.t("privacyControls.dataHeader"), lines.join("\n"), c.t("privacyControls.dataFooter")].join(
    "\n\n",
  );
}

/**
 * The machine-readable export: exactly what the store holds for the chat, table by table, as
 * JSON (times as stored, in epoch milliseconds), named after the chat.
 */
export function exportFile(
  data: ChatExport,
  chatId: number,
  t: Translate,
): { bytes: Uint8Array; name: string } {
  const json = `${JSON.stringify(data, null, 2)}\n`;
  return {
    bytes: new TextEncoder().encode(json),
    name: `${t("privacyControls.dataFileName")}-${chatId}.json`,
  };
}
