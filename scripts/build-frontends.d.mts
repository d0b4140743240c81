/** Types for scripts/build-frontends.mjs, imported by TypeScript tests. */
export declare const root: string;
export declare const defaultOutDir: string;
export declare function buildFrontends(options?: {
  outDir?: string;
}): Promise<{ outDir: string; ms: number }>;
