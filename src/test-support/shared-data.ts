/** Where the shared real data sets live (../shared/data, or $CUSTODIAN_DATA). */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const SHARED_DATA = resolve(process.env.CUSTODIAN_DATA ?? resolve(import.meta.dirname, '../../../shared/data'));

export function sharedFile(relative: string): string | undefined {
  const path = resolve(SHARED_DATA, relative);
  return existsSync(path) ? path : undefined;
}

/** A CDNOW file (`master_id sample_id YYYYMMDD cds dollars`, space-separated) as CSV with ISO dates. */
export function cdnowCsv(path: string): string {
  return ['customer,day,cds,dollars']
    .concat(
      readFileSync(path, 'utf8')
        .trim()
        .split('\n')
        .map((line) => {
          const [id, , d, cds, dollars] = line.trim().split(/\s+/);
          return `${id},${d!.slice(0, 4)}-${d!.slice(4, 6)}-${d!.slice(6, 8)},${cds},${dollars}`;
        }),
    )
    .join('\n');
}
