/**
 * What the analysis core writes in English (segment names, cluster descriptions, backend reasons),
 * as the UI shows it. Results, exports, the report and the audit keep the English value; the
 * display looks it up here, so English passes it through unchanged.
 */
export const terms = {
  /** An RFM segment name (src/lib/rfm/segments.ts). */
  segment: (english: string): string => english,
  /** An RFM segment's meaning. */
  meaning: (english: string): string => english,
  /** A k-means or DBSCAN cluster description ("very high spend, low orders"). */
  cluster: (english: string): string => english,
  /** Why a training backend was passed over ("webgpu: this browser has no WebGPU"). */
  backendReason: (english: string): string => english,
};
