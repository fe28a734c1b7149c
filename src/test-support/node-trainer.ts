/**
 * The training worker's classifier host on TF.js's CPU backend in Node, with the model registry in
 * fake-indexeddb (for op tests): the native runner's trainer (src/native/trainer.ts) without the
 * model kinds, which these tests fake or leave out.
 */
import { nativeTrainer } from '../native/trainer';
import type { Trainer } from '../lib/ops/types';

export async function nodeTrainer(
  dbName: string,
): Promise<{ trainer: Trainer; host: Awaited<ReturnType<typeof nativeTrainer>>['host'] }> {
  const { trainer, host } = await nativeTrainer({ backend: 'cpu', dbName });
  const { run: _run, ...classifierOnly } = trainer;
  return { trainer: classifierOnly, host };
}
