/** Where the shared real data sets live (../shared/data, or $CUSTODIAN_DATA). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const SHARED_DATA = resolve(process.env.CUSTODIAN_DATA ?? resolve(import.meta.dirname, '../../../shared/data'));

export function sharedFile(relative: string): string | undefined {
  const path = resolve(SHARED_DATA, relative);
  return existsSync(path) ? path : undefined;
}
