import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

/**
 * Marks claimed deliveries as skipped for chats that unsubscribed since the claim: recovered
 * reminders and broadcasts alike send nothing to them any more.
 */
export async function skipUnsubscribed(
  db: Kysely<Database>,
  key: { campaignId: string; reminder: string },
  chatIds: number[],
  at: Date,
): Promise<void> {
  if (chatIds.length === 0) return;
  await db
    .updateTable("deliveries")
    .set({ status: "skipped", finished_at: at.getTime(), error: "unsubscribed" })
    .where("campaign_id", "=", key.campaignId)
    .where("reminder", "=", key.reminder)
    .where("chat_id", "in", chatIds)
    .execute();
}
