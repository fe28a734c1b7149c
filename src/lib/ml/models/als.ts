/** Implicit ALS (Hu, Koren & Volinsky 2008): the `als` recommender. */
import { factorization } from './factorization';

export const als = factorization('als');
