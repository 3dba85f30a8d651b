import type { Clock } from "../kernel/clock.js";

/**
 * Whether a user administers a group, from getChatMember, remembered for a short while: a person
 * who taps through a settings menu asks several times within seconds, and a demoted admin loses
 * the right within a minute.
 */
export class AdminCache {
  private readonly entries = new Map<string, { admin: boolean; until: number }>();

  constructor(
    private readonly clock: Clock,
    readonly ttlMs = 60_000,
    private readonly maxEntries = 10_000,
  ) {}

  async isAdmin(chatId: number, userId: number, lookup: () => Promise<string>): Promise<boolean> {
    const key = `${chatId}:${userId}`;
    const now = this.clock().getTime();
    const cached = this.entries.get(key);
    if (cached && cached.until > now) return cached.admin;
    const status = await lookup();
    const admin = status === "creator" || status === "administrator";
    this.entries.delete(key);
    this.entries.set(key, { admin, until: now + this.ttlMs });
    if (this.entries.size > this.maxEntries) {
      for (const [k, v] of this.entries) if (v.until <= now) this.entries.delete(k);
      const oldest = this.entries.keys().next().value;
      if (this.entries.size > this.maxEntries && oldest !== undefined) this.entries.delete(oldest);
    }
    return admin;
  }
}
