// natural ships typings only for its package root; we import single modules to keep start-up light.
declare module "natural/lib/natural/stemmers/porter_stemmer_de.js" {
  const stemmer: { stem(word: string): string };
  export default stemmer;
}
