import type { Lang } from "./schema.js";
import { tokenize } from "./text.js";

// Short, frequent words that exist in only one of the two languages.
const english = new Set(
  "the a an i you my me is are do does did can could what which who why how when where will would to of for with and or not it this that my our your have has been be please there about if".split(
    " ",
  ),
);
const german = new Set(
  "der die das ein eine ich du mein meine ist sind wie was wer warum wann wo kann muss ich nicht und oder mit für auf bei von zu den dem im es sie wir habe hat noch schon auch".split(
    " ",
  ),
);

/** The language a question is written in, by counting words that only one of the two has. */
export function guessLanguage(text: string, fallback: Lang = "de"): Lang {
  let en = 0;
  let de = 0;
  for (const token of tokenize(text)) {
    if (english.has(token)) en++;
    if (german.has(token)) de++;
  }
  if (en > de) return "en";
  if (de > en) return "de";
  return fallback;
}
