// wink-bm25-text-search ships no types; only what bench/peers.ts uses.
declare module "wink-bm25-text-search" {
  interface BM25Engine {
    defineConfig(config: {
      fldWeights: Record<string, number>;
      bm25Params?: { k1?: number; b?: number; k?: number };
    }): boolean;
    definePrepTasks(tasks: ((input: string) => string[])[], field?: string): number;
    addDoc(doc: Record<string, string>, id: number | string): number;
    consolidate(precision?: number): boolean;
    /** [document id, score] pairs, best first (ids come back as strings). */
    search(text: string, limit?: number): [string, number][];
  }
  export default function BM25(): BM25Engine;
}
