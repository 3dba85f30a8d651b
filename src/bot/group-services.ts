import type { Clock } from "../kernel/clock.js";
import { AdminCache } from "./group-admins.js";
import { ChatRateLimiter } from "./middleware/chat-limiter.js";

/** Per-bot state for groups: the reply budget per group and the admin cache. */
export interface GroupServices {
  limiter: ChatRateLimiter;
  admins: AdminCache;
}

export function createGroupServices(clock: Clock): GroupServices {
  return { limiter: new ChatRateLimiter(clock), admins: new AdminCache(clock) };
}
