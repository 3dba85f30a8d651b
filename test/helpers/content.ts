import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { bundledKnowledgeDir } from "../../src/paths.js";

/** A writable copy of the shipped content, for tests that add or break files. */
export function copyContent(): {
  dir: string;
  write(path: string, text: string): void;
  read(path: string): string;
  remove(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), "wb-content-"));
  cpSync(bundledKnowledgeDir, dir, { recursive: true });
  return {
    dir,
    write(path, text) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    },
    read: (path) => readFileSync(join(dir, path), "utf8"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A second campaign, as an operator would add it: files only. */
export const secondCampaign = {
  "campaigns/demo-2030/campaign.yaml": `id: demo-2030
title: {de: "Demo-Kampagne 2030", en: "Demo campaign 2030"}
deadline: "2030-03-01"
timezone: Europe/Berlin
deadlineEntry: demo-deadline
texts: {notice.txt: {de: "Aushang am Kiosk", en: "Notice at the kiosk"}}
reminders: {offsets: [P7D, P1D, P0D], sendAt: "10:00"}
menu: [demo-deadline]
`,
  "campaigns/demo-2030/sources/notice.txt":
    "Der Kiosk Zeitungsstand sammelt ab dem 1. März 2030 Gurkenrezepte ein.\n",
  "campaigns/demo-2030/entries/demo-deadline.yaml": `id: demo-deadline
title: {de: "🥒 Gurkenfrist", en: "🥒 Pickle deadline"}
summary: {de: "Gurkenrezepte ab 1. März 2030", en: "Pickle recipes from 1 March 2030"}
questions:
  de: ["Ab wann sammelt der Kiosk Gurkenrezepte?", "gurkenrezepte kiosk frist"]
  en: ["When does the kiosk collect pickle recipes?"]
keywords: [gurkenrezepte, kiosk, zeitungsstand, pickle]
answer:
  before: {de: "<b>Noch {days} bis zum {deadline}.</b>", en: "<b>{days} left until {deadline}.</b>"}
  lastDay: {de: "<b>Heute ist der letzte Tag vor dem {deadline}.</b>", en: "<b>Today is the last day before {deadline}.</b>"}
  today: {de: "<b>Heute ist der {deadline}.</b>", en: "<b>Today is {deadline}.</b>"}
  after: {de: "<b>Der {deadline} ist vorbei.</b>", en: "<b>{deadline} has passed.</b>"}
sources:
  - quote: "sammelt ab dem 1. März 2030 Gurkenrezepte ein"
`,
};
