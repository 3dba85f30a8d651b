/** Interface string that answers each of the bot's own intents (ids from the content's intents.yaml). */
export const intentMessageKeys: Record<string, string> = {
  greeting: "intents.greeting",
  thanks: "intents.thanks",
  help: "help",
  share: "intents.share",
  // The bot shows the chat's reminder state instead (answers.ts); `ask` prints this summary.
  reminder: "intents.reminder",
  "bot-privacy": "privacy",
  "about-bot": "intents.aboutBot",
};

/** Intents that also show the topic menu. */
export const intentsWithMenu = new Set(["greeting", "help"]);
