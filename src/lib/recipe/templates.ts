/**
 * The scenario templates: ready recipes under public/samples/, runnable on the sample data and, once
 * mapped onto the user's tables (map-template.ts), on theirs.
 * Their titles, questions and descriptions are UI text (the `workflow.templates` catalogue, by id).
 */
import type { Role } from '../data/roles';

/** The view a template lands on: the one that answers its question. */
export type Landing = 'atrisk' | 'similar' | 'compare' | 'model';

/** A table a template reads, as its sample data has it. */
export interface TemplateTable {
  /** What the sample table's columns mean (role → sample column): the roles the mapping screen asks for. */
  roles: Partial<Record<Role, string>>;
  /** Roles a table must have to stand in for this one by default (an event log has times). */
  key: Role[];
}

export interface Template {
  id: string;
  url: string;
  tables: Record<string, TemplateTable>;
  /** The step whose result answers the question (it must run) and the view that shows it. */
  answer: { step: string; view: Landing };
  /** A skipped step's readers read this source instead (a customer table in place of a feature matrix). */
  fallback?: Record<string, string>;
  /**
   * A yes/no churn label derived from the event log where no table holds one: "no purchase in the
   * `days` days before the reference date"; the classifier then learns from the log up to that window.
   */
  derivedLabel?: { days: number; log: string; labelTable: string; features: string; classifier: string; score: string };
  /** Params that suit real data better than the sample's (a large catalogue needs a higher support). */
  onUserData?: Record<string, Record<string, unknown>>;
}

const EVENT_ROLES: Partial<Record<Role, string>> = {
  customer: 'customer_id',
  time: 'ts',
  item: 'item_id',
  basket: 'order_id',
  event: 'event_type',
  quantity: 'quantity',
  price: 'price',
  amount: 'amount',
  text: 'review_text',
};
const ITEM_ROLES: Partial<Record<Role, string>> = {
  item: 'item_id',
  category: 'category',
  tags: 'tags',
  price: 'price',
};

export const TEMPLATES: Template[] = [
  {
    id: 'ecommerce',
    url: '/samples/ecommerce.recipe.json',
    tables: {
      events: { roles: EVENT_ROLES, key: ['customer', 'item'] },
      items: { roles: ITEM_ROLES, key: ['item'] },
      // The online test of the recommendations: one row per unit with its arm; skipped where there is none.
      experiment: { roles: { customer: 'user_id' }, key: ['customer'] },
    },
    answer: { step: 'compare', view: 'compare' },
    onUserData: { bundles: { minSupport: 0.02, maxLength: 3 } },
  },
  {
    id: 'similar-items',
    url: '/samples/similar-items.recipe.json',
    tables: { events: { roles: EVENT_ROLES, key: ['customer', 'item'] }, items: { roles: ITEM_ROLES, key: ['item'] } },
    answer: { step: 'neighbours', view: 'similar' },
  },
  {
    id: 'retention',
    url: '/samples/retention.recipe.json',
    tables: {
      events: { roles: EVENT_ROLES, key: ['customer', 'time'] },
      items: { roles: ITEM_ROLES, key: ['item'] },
      customers: { roles: { customer: 'customer_id', label: 'churned', amount: 'amount' }, key: ['customer'] },
    },
    answer: { step: 'at_risk', view: 'atrisk' },
    fallback: { behaviour: 'customers' },
    derivedLabel: {
      days: 90,
      log: 'events',
      labelTable: 'customers',
      features: 'behaviour',
      classifier: 'churn',
      score: 'churn_scores',
    },
  },
  {
    id: 'credit',
    url: '/samples/credit.recipe.json',
    tables: { credit: { roles: { customer: 'customer_id', label: 'churned', category: 'age' }, key: [] } },
    answer: { step: 'risk', view: 'model' },
  },
];
