/** The two languages the bot speaks. German is the default. */
export const languages = ["de", "en"] as const;
export type Lang = (typeof languages)[number];
