// natural's TfIdf, imported from its own module: the package root prints to stdout and loads database drivers.
declare module "natural/lib/natural/tfidf/tfidf.js" {
  export default class TfIdf {
    addDocument(document: string[] | string, key?: unknown): void;
    tfidfs(terms: string[], callback: (index: number, measure: number, key: unknown) => void): void;
    /** The score of document `index` for the terms. */
    tfidf(terms: string[], index: number): number;
  }
}
