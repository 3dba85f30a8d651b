import type { Feature } from "../bot/feature.js";
import { admin } from "./admin/index.js";
import { answers } from "./answers/index.js";
import { fallback } from "./fallback/index.js";
import { groups } from "./groups/index.js";
import { help } from "./help/index.js";
import { language } from "./language/index.js";
import { privacyGuard } from "./privacy/guard.js";
import { privacy } from "./privacy/index.js";
import { reminders } from "./reminders/index.js";
import { sharing } from "./sharing/index.js";

export { commandMenu } from "./commands.js";

/**
 * Every feature of the bot, in the order that decides who takes an update first: the privacy
 * guard before anything may record a question, reminders before answers (/start erinnern), help
 * before answers (/hilfe from the command table), groups' admin check before language and
 * privacy, the fallback last.
 */
export const features: readonly Feature[] = [
  privacyGuard,
  reminders,
  help,
  answers,
  groups,
  language,
  sharing,
  privacy,
  admin,
  fallback,
];
