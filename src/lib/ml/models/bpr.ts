/** BPR (Rendle et al. 2009): the `bpr` recommender. */
import { factorization } from './factorization';

export const bpr = factorization('bpr');
