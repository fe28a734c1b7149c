export interface TreeMemory {
  peakRssBytes: number | null;
  hwmBytes: number | null;
  samples: number;
}
export declare function sampleTree(
  rootPid: number | undefined,
  pick?: (cmdline: string) => boolean,
  intervalMs?: number,
): { stop(): TreeMemory };
