/** The little of @vitest/coverage-v8's own dependencies that ./provider.ts uses (they ship no types). */
declare module '@bcoe/v8-coverage' {
  export interface RangeCov { startOffset: number; endOffset: number; count: number }
  export interface FunctionCov { functionName: string; ranges: RangeCov[]; isBlockCoverage: boolean }
  export interface ScriptCov { scriptId: string; url: string; functions: FunctionCov[] }
  export interface ProcessCov { result: ScriptCov[] }
  export function mergeProcessCovs(processCovs: readonly ProcessCov[]): ProcessCov;
}

declare module 'istanbul-lib-coverage' {
  export interface CoverageMap {
    merge(other: CoverageMap | Record<string, unknown>): void;
    filter(keep: (file: string) => boolean): void;
    files(): string[];
  }
  const libCoverage: { createCoverageMap(data?: Record<string, unknown>): CoverageMap };
  export default libCoverage;
}
