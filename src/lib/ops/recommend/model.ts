/**
 * What a recommender model is made from and what it gives, shared by the model builders
 * (recs-models.ts) and the neural and ranker models they call (neural-recs.ts, ranker-recs.ts),
 * so neither side imports the other's module.
 */
import type { Interactions } from '../../recsys/interactions';
import type { Scorer } from '../../recsys/rank';
import type { BehaviourLog } from '../../recsys/ranker-data';
import type { Neighbours } from '../../recsys/similarity';
import type { ItemAttributes } from './recs-data';
import type { Json } from '../../core/json';

export interface ModelData {
  history: Interactions;
  /** Training rows, for the session context and session co-occurrence. */
  rows: { user: Int32Array; session: Int32Array; item: Int32Array; time: Float64Array };
  nSessions: number;
  items: string[];
  attributes: ItemAttributes;
  segments?: { of: Int32Array; names: string[] };
  // --- Neural models which rank in the training worker ahead of rank.ts:
  /** Whom to list, how many, and whether seen items are left out (default: every customer, 100, no). */
  scoring?: { users: Int32Array; k: number; excludeSeen: boolean };
  /** ranker: the behaviour log (views, carts, purchases) before each test customer's held-out basket. */
  behaviour?: RankerBehaviour;
}

export interface Model {
  scorer: Scorer;
  /** Item neighbours (itemcf, session), for the "similar items" table. */
  similar?: Neighbours;
  /** What training did, for the report (factorisation losses, backend…). */
  info: Record<string, Json>;
  backend?: { name: string; reasons: string[] };
  trainMs: number;
}

export interface RankerBehaviour {
  log: BehaviourLog;
  /** [rows] 1 = usable for training (before the customer's held-out basket). */
  keep: Uint8Array;
  /** null = a purchase in the same session counts. */
  withinDays: number | null;
}
