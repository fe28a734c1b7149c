/**
 * Deterministic sample-data generator with PLANTED structure.
 *
 * The four CSVs (customers, items, events, credit) look like an ordinary small web shop
 * plus a credit-card book, but every interesting pattern in them was put there on
 * purpose and is exported below as data (PLANTED), so tests can check that the analysis
 * code (association rules, clustering, funnels, churn models) actually recovers it.
 * The prose version, with the numbers measured at the defaults, is PLANTED.md.
 *
 * Pure: no fs, no DOM, no Node APIs — it runs unchanged in the browser (demo data) and
 * in Node (scripts/samples.ts writes public/samples/). Same options → byte-identical CSVs.
 */
import { Rng } from '../lib/util/rng';

export interface SampleOptions {
  seed?: number;
  customers?: number;
  items?: number;
}

export interface SampleCsvs {
  customers: string;
  items: string;
  events: string;
  credit: string;
}

export const DEFAULTS = { seed: 42, customers: 2000, items: 120 } as const;
/** Bounds keep the id formats (C00001, I001) and the planted item ids valid. */
export const LIMITS = { minItems: 60, maxItems: 999, minCustomers: 1, maxCustomers: 99_999 } as const;

export const HEADERS = {
  customers: ['customer_id', 'signup_date', 'age', 'gender', 'city', 'planted_segment', 'churned'],
  items: ['item_id', 'name', 'category', 'tags', 'price'],
  events: [
    'event_id',
    'customer_id',
    'session_id',
    'ts',
    'event_type',
    'item_id',
    'order_id',
    'quantity',
    'price',
    'amount',
    'rating',
    'review_text',
  ],
  credit: [
    'customer_id',
    'age',
    'income',
    'credit_limit',
    'utilisation',
    'late_payments_12m',
    'tenure_months',
    'num_products',
    'churned',
  ],
} as const;

// ---------------------------------------------------------------------------------------
// Catalogue
// ---------------------------------------------------------------------------------------

export const CATEGORIES = ['Home', 'Kitchen', 'Garden', 'Toys', 'Stationery', 'Fashion'] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * 20 names per category. Item index i gets category CATEGORIES[i % 6] and name
 * CATALOG[category][floor(i / 6)], so categories are interleaved through the id range and
 * the planted items below have fixed ids whatever the seed. Two names contain a comma or
 * a double quote on purpose, to exercise CSV quoting.
 */
const CATALOG: Record<Category, readonly string[]> = {
  Home: [
    'Scented Candle',
    'Throw Blanket',
    'Photo Frame',
    'Cushion Cover',
    'Table Lamp',
    'Wall Clock',
    'Ceramic Vase',
    'Bath Towel',
    'Door Mat',
    'Storage Basket',
    'Curtain Panel',
    'Desk Organiser',
    'Wall Mirror',
    'Laundry Hamper',
    'Coat Hooks',
    'Rug, 120x170 cm',
    'Bedside Lamp',
    'Duvet Cover',
    'Picture Hooks',
    'Reed Diffuser',
  ],
  Kitchen: [
    "Chef's Knife",
    'Cutting Board',
    'Frying Pan',
    'Saucepan',
    'Mixing Bowl',
    'Measuring Cups',
    'Tea Towels, Set of 3',
    'Coffee Grinder',
    'French Press',
    'Salad Spinner',
    'Baking Tray',
    'Oven Mitts',
    'Cheese Grater',
    'Spice Rack',
    'Water Bottle',
    'Lunch Box',
    'Knife Sharpener',
    'Rolling Pin',
    'Colander',
    'Kettle',
  ],
  Garden: [
    'Garden Hose',
    'Hose Nozzle',
    'Pruning Shears',
    'Gardening Gloves',
    'Watering Can',
    'Seed Tray',
    'Plant Pot',
    'Bird Feeder',
    'Compost Bin',
    'Solar Lights',
    'Garden Kneeler',
    'Trowel',
    'Rake',
    'Lawn Sprinkler',
    'Potting Soil 20L',
    'Hanging Basket',
    'Plant Labels',
    'Wind Chime',
    'Outdoor Cushion',
    'Bug Hotel',
  ],
  Toys: [
    'Kite',
    'Jigsaw Puzzle',
    'Building Blocks',
    'Plush Bear',
    'Yo-yo',
    'Toy Car',
    'Board Game',
    'Skipping Rope',
    'Play Dough',
    'Bubble Wand',
    'Card Game',
    'Doll House',
    'Spinning Top',
    'Water Pistol',
    'Marbles',
    'Colouring Book',
    'Crayons',
    'Hand Puppet',
    'Toy Train',
    'Frisbee',
  ],
  Stationery: [
    'Notebook',
    'Fountain Pen',
    'Ink Cartridges',
    'Gift Wrap',
    'Greeting Card',
    'Sticky Notes',
    'Pencil Set',
    'Highlighters',
    'Desk Calendar',
    'Envelopes',
    'Washi Tape',
    '12" Ruler',
    'Stapler',
    'Paper Clips',
    'Sketchbook',
    'Weekly Planner',
    'Bookmark',
    'Eraser',
    'Glue Stick',
    'Letter Paper',
  ],
  Fashion: [
    'Scarf',
    'Leather Wallet',
    'Sunglasses',
    'Wool Hat',
    'Canvas Tote',
    'Silk Tie',
    'Belt',
    'Socks (3-pack)',
    'Umbrella',
    'Gloves',
    'Watch',
    'Backpack',
    'Beanie',
    'Earrings',
    'Bracelet',
    'Cap',
    'Sandals',
    'Slippers',
    'Hair Clips',
    'Rain Jacket',
  ],
};
const NAMES_PER_CATEGORY = 20;

/** Typical price per category (list prices are this × lognormal noise, ending in .99). */
const CATEGORY_MEDIAN_PRICE: Record<Category, number> = {
  Home: 25,
  Kitchen: 18,
  Garden: 22,
  Toys: 15,
  Stationery: 7,
  Fashion: 40,
};
const CATEGORY_TAGS: Record<Category, readonly string[]> = {
  Home: ['cosy', 'decor', 'gift', 'winter'],
  Kitchen: ['cooking', 'essentials', 'gift'],
  Garden: ['outdoor', 'summer', 'spring'],
  Toys: ['kids', 'gift', 'outdoor', 'summer'],
  Stationery: ['office', 'school', 'gift'],
  Fashion: ['accessory', 'gift', 'summer', 'winter'],
};

export function itemId(index: number): string {
  return `I${String(index + 1).padStart(3, '0')}`;
}
export function customerId(index: number): string {
  return `C${String(index + 1).padStart(5, '0')}`;
}

function categoryOf(index: number): Category {
  return CATEGORIES[index % CATEGORIES.length] as Category;
}

function itemName(index: number): string {
  const category = categoryOf(index);
  const slot = Math.floor(index / CATEGORIES.length);
  const base = CATALOG[category][slot % NAMES_PER_CATEGORY] as string;
  // Catalogues bigger than 120 items reuse the names as numbered variants.
  const variant = Math.floor(slot / NAMES_PER_CATEGORY);
  return variant === 0 ? base : `${base} No. ${variant + 1}`;
}

/** Inverse of itemName for the base catalogue: the fixed index of a named item. */
function indexOfName(name: string): number {
  for (let c = 0; c < CATEGORIES.length; c++) {
    const slot = CATALOG[CATEGORIES[c] as Category].indexOf(name);
    if (slot >= 0) return slot * CATEGORIES.length + c;
  }
  throw new Error(`unknown catalogue item ${name}`);
}

// ---------------------------------------------------------------------------------------
// Planted truths
// ---------------------------------------------------------------------------------------

export const SEGMENTS = ['bargain_hunter', 'loyal_regular', 'premium_shopper', 'window_browser'] as const;
export type Segment = (typeof SEGMENTS)[number];

export interface SegmentProfile {
  name: Segment;
  /** Probability a customer belongs to this segment. */
  share: number;
  /** Mean of the Poisson number of sessions per active year. */
  sessionsPerYear: number;
  /** Items browsed per session = 1 + Poisson(extraSeedsPerSession) (+ bundle partners). */
  extraSeedsPerSession: number;
  /** P(cart | view), per item. */
  cartRate: number;
  /** P(purchase | cart), per item. */
  purchaseRate: number;
  /** Item choice weight ∝ (price / 20)^priceExponent: < 0 favours cheap, > 0 expensive items. */
  priceExponent: number;
  /** quantity = 1 + Poisson(extraQuantity). */
  extraQuantity: number;
  /** Relative weight of each category when choosing what to look at. */
  categoryWeights: Record<Category, number>;
  /** Mean age (sd 11, clamped to 18–80). */
  ageMean: number;
  /** Added to the churn logit (see PLANTED.churn). */
  churnEffect: number;
}

const SEGMENT_PROFILES: readonly SegmentProfile[] = [
  {
    name: 'bargain_hunter',
    share: 0.3,
    sessionsPerYear: 9,
    extraSeedsPerSession: 2,
    cartRate: 0.45,
    purchaseRate: 0.45,
    priceExponent: -1.2,
    extraQuantity: 0.6,
    categoryWeights: { Home: 3, Kitchen: 3, Garden: 1, Toys: 1.5, Stationery: 3, Fashion: 0.5 },
    ageMean: 42,
    churnEffect: 0.3,
  },
  {
    name: 'loyal_regular',
    share: 0.25,
    sessionsPerYear: 11,
    extraSeedsPerSession: 1.5,
    cartRate: 0.55,
    purchaseRate: 0.65,
    priceExponent: 0.3,
    extraQuantity: 0.2,
    categoryWeights: { Home: 2, Kitchen: 3, Garden: 3, Toys: 1, Stationery: 1.5, Fashion: 1 },
    ageMean: 48,
    churnEffect: -1.0,
  },
  {
    name: 'premium_shopper',
    share: 0.15,
    sessionsPerYear: 4.5,
    extraSeedsPerSession: 1.5,
    cartRate: 0.5,
    purchaseRate: 0.6,
    priceExponent: 1.5,
    extraQuantity: 0.1,
    categoryWeights: { Home: 2.5, Kitchen: 1.5, Garden: 1, Toys: 0.5, Stationery: 1, Fashion: 4 },
    ageMean: 45,
    churnEffect: -0.4,
  },
  {
    name: 'window_browser',
    share: 0.3,
    sessionsPerYear: 6,
    extraSeedsPerSession: 3.5,
    cartRate: 0.25,
    purchaseRate: 0.25,
    priceExponent: 0,
    extraQuantity: 0.1,
    categoryWeights: { Home: 1.5, Kitchen: 0.5, Garden: 0.5, Toys: 3, Stationery: 1, Fashion: 3 },
    ageMean: 31,
    churnEffect: 0.9,
  },
];

interface BundleDef {
  name: string;
  items: readonly string[];
}
const BUNDLE_DEFS: readonly BundleDef[] = [
  { name: 'knife_board', items: ["Chef's Knife", 'Cutting Board'] },
  { name: 'hose_nozzle', items: ['Garden Hose', 'Hose Nozzle'] },
  { name: 'writing_set', items: ['Notebook', 'Fountain Pen', 'Ink Cartridges'] },
  // Cross-category on purpose: the association is not just "same aisle".
  { name: 'gift_set', items: ['Scented Candle', 'Greeting Card', 'Gift Wrap'] },
];

/**
 * Items that collect bad reviews (rating distribution LOW_RATED_WEIGHTS). They are given a
 * fixed, above-typical popularity (LOW_RATED_POPULARITY) so there are always enough reviews
 * of them to see it: "popular but badly reviewed" is the story a demo should find.
 */
const LOW_RATED_NAMES = ['Salad Spinner', 'Toy Car', 'Sunglasses'] as const;
const LOW_RATED_POPULARITY = 2.5;

export const REVIEW_TEXTS = {
  positive: [
    'Great quality, would buy again.',
    'Love it! Exactly as described.',
    'Excellent value for money.',
    'Really happy with this, arrived quickly.',
    'Works perfectly, my kids call it "the best thing ever".',
    'Beautiful, sturdy and well made.',
  ],
  neutral: [
    "It's okay, nothing special.",
    'Does the job, but the packaging was damaged.',
    'Average quality for the price.',
    'Fine, though smaller than I expected.',
  ],
  negative: [
    'Broke after a week, very disappointed.',
    'Poor quality, would not recommend.',
    'Terrible: arrived late, scratched and missing parts.',
    'Not as described, returned it.',
    'Cheap and flimsy, "premium" my foot.',
  ],
  positiveZh: ['质量很好，非常满意！', '物超所值,推荐购买。'],
  neutralZh: ['一般般，还可以。'],
  negativeZh: ['质量太差了，不推荐。', '用了一周就坏了,很失望。'],
} as const;

/** Rating weights for 1..5 stars. */
const NORMAL_RATING_WEIGHTS = [0.05, 0.07, 0.13, 0.35, 0.4] as const;
const LOW_RATED_WEIGHTS = [0.35, 0.3, 0.2, 0.1, 0.05] as const;

/** Relative chance a session starts in each hour 00..22 (nothing starts at 23:xx). */
const HOUR_WEIGHTS = [
  0.3, 0.15, 0.1, 0.05, 0.05, 0.1, 0.3, 0.8, 1.2, 1.3, 1.3, 1.4, 1.8, 1.6, 1.3, 1.3, 1.4, 1.7, 2.2, 2.8, 3.0, 2.6, 1.6,
  0,
] as const;

const CITIES = ['London', 'Manchester', 'Paris', 'Berlin', 'New York', 'Toronto', '上海', '北京'] as const;
const CITY_WEIGHTS = [0.2, 0.1, 0.12, 0.12, 0.14, 0.08, 0.12, 0.12] as const;

const DAY_MS = 86_400_000;
const YEAR_START_MS = Date.UTC(2025, 0, 1);
const DAYS_IN_YEAR = 365;
/** Churned customers stop on a day in [activity start + 7, this day] (2025-11-15 = day 318). */
const LAST_CHURN_STOP_DATE = '2025-11-15';
const LAST_CHURN_STOP_DAY = (Date.parse(`${LAST_CHURN_STOP_DATE}T00:00:00Z`) - YEAR_START_MS) / DAY_MS;

/**
 * Credit book churn model: churned ~ Bernoulli(sigmoid(intercept + Σ coef × column)),
 * with the columns exactly as written to credit.csv (raw units, no scaling).
 */
const CREDIT_COEFFICIENTS = {
  intercept: -0.6,
  age: -0.01, // per year
  income: -0.00001, // per currency unit: -0.1 per 10k
  credit_limit: 0, // deliberately irrelevant (but correlated with income)
  utilisation: 3.0, // 0..1
  late_payments_12m: 0.45, // per late payment
  tenure_months: -0.02, // per month
  num_products: -0.3, // per product held
} as const;

export const PLANTED = {
  defaults: DEFAULTS,
  dateRange: { first: '2025-01-01', last: '2025-12-31' },
  segments: SEGMENT_PROFILES,
  /** Documented ordering of mean orders per customer (highest first). */
  ordersPerCustomerRank: ['loyal_regular', 'bargain_hunter', 'premium_shopper', 'window_browser'] as const,
  /** Documented ordering of purchases per view, i.e. cartRate × purchaseRate (highest first). */
  viewToPurchaseRank: ['loyal_regular', 'premium_shopper', 'bargain_hunter', 'window_browser'] as const,
  /** Mean order value is clearly highest for this segment (expensive items)... */
  highestOrderValue: 'premium_shopper',
  /** ...and mean unit price paid is lowest for this one (bargain hunters buy cheap, in bulk). */
  lowestUnitPrice: 'bargain_hunter',
  bundles: BUNDLE_DEFS.map((b) => ({
    name: b.name,
    names: b.items,
    items: b.items.map((n) => itemId(indexOfName(n))),
  })),
  /**
   * When a session's browsing lands on a bundle item, with this probability the partners
   * are browsed with it and the whole bundle is carted / bought (or not) as one unit.
   * Otherwise the item is handled alone — so every bundle item is also bought alone.
   */
  bundleFollowRate: 0.75,
  /** Bundle items are this many times more likely to be browsed than a typical item. */
  bundlePopularityBoost: 4,
  /**
   * Sessions per year = segment rate × personal activity multiplier, lognormal with
   * mean 1 and this log-sd, so customers within a segment vary in frequency.
   */
  activitySd: 0.4,
  funnel: {
    /**
     * Per item: view → cart with the segment's cartRate, cart → purchase with its
     * purchaseRate; all purchases of a session form ONE order (checkout at the end).
     * Every cart row follows a view of the same item in the same session, every purchase
     * row follows a cart row.
     */
    cartRateBySegment: Object.fromEntries(SEGMENT_PROFILES.map((s) => [s.name, s.cartRate])) as Record<Segment, number>,
    purchaseRateBySegment: Object.fromEntries(SEGMENT_PROFILES.map((s) => [s.name, s.purchaseRate])) as Record<
      Segment,
      number
    >,
    /** Mixture over all views at the defaults (measured; see PLANTED.md). */
    approxOverallCartRate: 0.43,
    approxOverallPurchaseRate: 0.51,
    /** P(review | purchased order line); review is 1–21 days later, in its own session. */
    reviewRate: 0.3,
    reviewDelayDays: [1, 21] as const,
  },
  churn: {
    /** P(churned) = sigmoid(intercept + segmentEffect + agePerDecade × (age − 40) / 10). */
    intercept: -1.1,
    agePerDecade: -0.25,
    ageCentre: 40,
    segmentEffects: Object.fromEntries(SEGMENT_PROFILES.map((s) => [s.name, s.churnEffect])) as Record<Segment, number>,
    /** A churned customer is active from max(signup, 2025-01-01) until a uniform stop day. */
    lastStopDate: LAST_CHURN_STOP_DATE,
    minActiveDaysBeforeStop: 7,
  },
  reviews: {
    lowRatedItems: LOW_RATED_NAMES.map((n) => itemId(indexOfName(n))),
    lowRatedPopularity: LOW_RATED_POPULARITY,
    normalRatingWeights: NORMAL_RATING_WEIGHTS,
    lowRatedRatingWeights: LOW_RATED_WEIGHTS,
    /** Share of review texts drawn from the Chinese lists (same sentiment band). */
    chineseShare: 0.08,
    /** rating 4–5 → positive text, 3 → neutral, 1–2 → negative. */
    texts: REVIEW_TEXTS,
  },
  creditCoefficients: CREDIT_COEFFICIENTS,
  hourWeights: HOUR_WEIGHTS,
  cities: CITIES,
} as const;

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** The planted retail churn probability for a customer. */
export function churnProbability(segment: Segment, age: number): number {
  const c = PLANTED.churn;
  return sigmoid(c.intercept + c.segmentEffects[segment] + (c.agePerDecade * (age - c.ageCentre)) / 10);
}

export interface CreditFeatures {
  age: number;
  income: number;
  credit_limit: number;
  utilisation: number;
  late_payments_12m: number;
  tenure_months: number;
  num_products: number;
}

/** The planted credit churn probability for a credit.csv row. */
export function creditChurnProbability(x: CreditFeatures): number {
  const b = CREDIT_COEFFICIENTS;
  return sigmoid(
    b.intercept +
      b.age * x.age +
      b.income * x.income +
      b.credit_limit * x.credit_limit +
      b.utilisation * x.utilisation +
      b.late_payments_12m * x.late_payments_12m +
      b.tenure_months * x.tenure_months +
      b.num_products * x.num_products,
  );
}

// ---------------------------------------------------------------------------------------
// CSV and formatting helpers
// ---------------------------------------------------------------------------------------

type Cell = string | number;

/** RFC 4180: quote a field only when it holds a comma, quote or line break. */
export function csvField(value: Cell): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [header.map(csvField).join(',')];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return lines.join('\n') + '\n';
}

/** Money is kept in integer cents so amount = quantity × price is exact. */
function formatCents(cents: number): string {
  const whole = Math.floor(cents / 100);
  return `${whole}.${String(cents % 100).padStart(2, '0')}`;
}

function formatTs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/**
 * Independent random stream per table, so e.g. changing the item count does not reshuffle
 * customer attributes. Integer hash (murmur3 finaliser) of seed and stream number.
 */
function streamSeed(seed: number, stream: number): number {
  let h = (Math.trunc(seed) ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

// ---------------------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------------------

interface Item {
  index: number;
  id: string;
  name: string;
  category: Category;
  tags: string[];
  priceCents: number;
  /** Base browsing popularity before segment preferences. */
  popularity: number;
  lowRated: boolean;
}

function generateItems(rng: Rng, count: number): Item[] {
  const bundleIds = new Set(PLANTED.bundles.flatMap((b) => b.items));
  const lowRated = new Set<string>(PLANTED.reviews.lowRatedItems);
  const items: Item[] = [];
  for (let i = 0; i < count; i++) {
    const id = itemId(i);
    const category = categoryOf(i);
    const price = CATEGORY_MEDIAN_PRICE[category] * Math.exp(rng.normal(0, 0.55));
    // Shop prices end in .99; at least 0.99.
    const priceCents = Math.max(1, Math.round(price)) * 100 - 1;
    const pool = rng.shuffle([...CATEGORY_TAGS[category]]);
    const tags = pool.slice(0, 1 + rng.int(Math.min(3, pool.length)));
    const basePopularity = Math.exp(rng.normal(0, 0.5));
    items.push({
      index: i,
      id,
      name: itemName(i),
      category,
      tags,
      priceCents,
      popularity: bundleIds.has(id)
        ? PLANTED.bundlePopularityBoost
        : lowRated.has(id)
          ? LOW_RATED_POPULARITY
          : basePopularity,
      lowRated: lowRated.has(id),
    });
  }
  return items;
}

function itemsCsv(items: readonly Item[]): string {
  return toCsv(
    HEADERS.items,
    items.map((it) => [it.id, it.name, it.category, it.tags.join('|'), formatCents(it.priceCents)]),
  );
}

// ---------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------

interface Customer {
  id: string;
  signupMs: number;
  age: number;
  gender: 'F' | 'M';
  city: string;
  profile: SegmentProfile;
  churned: boolean;
  /** Active days of 2025 (0 = Jan 1), inclusive. */
  firstDay: number;
  lastDay: number;
  /** Personal multiplier on the segment's session rate (lognormal, mean 1). */
  activity: number;
}

function generateCustomers(rng: Rng, count: number): Customer[] {
  const shares = SEGMENT_PROFILES.map((s) => s.share);
  const customers: Customer[] = [];
  for (let i = 0; i < count; i++) {
    const profile = SEGMENT_PROFILES[rng.weighted(shares)] as SegmentProfile;
    const age = clamp(Math.round(rng.normal(profile.ageMean, 11)), 18, 80);
    const gender = rng.next() < 0.55 ? 'F' : 'M';
    const city = CITIES[rng.weighted(CITY_WEIGHTS)] as string;
    // A quarter signed up during 2025 (up to Oct 31, day 303); the rest in 2022–2024.
    const signupMs =
      rng.next() < 0.25 ? YEAR_START_MS + rng.int(304) * DAY_MS : Date.UTC(2022, 0, 1) + rng.int(3 * 365 + 1) * DAY_MS;
    const firstDay = Math.max(0, Math.round((signupMs - YEAR_START_MS) / DAY_MS));
    const churned = rng.next() < churnProbability(profile.name, age);
    const minStop = firstDay + PLANTED.churn.minActiveDaysBeforeStop;
    const lastDay = churned ? minStop + rng.int(LAST_CHURN_STOP_DAY - minStop + 1) : DAYS_IN_YEAR - 1;
    // Some customers who stay are simply infrequent: a quiet non-churner looks like a
    // churner to RFM, which is what keeps recency-based churn models realistic (AUC < 1).
    const sd = PLANTED.activitySd;
    const activity = Math.exp(rng.normal(-(sd * sd) / 2, sd));
    customers.push({ id: customerId(i), signupMs, age, gender, city, profile, churned, firstDay, lastDay, activity });
  }
  return customers;
}

function customersCsv(customers: readonly Customer[]): string {
  return toCsv(
    HEADERS.customers,
    customers.map((c) => [c.id, formatDate(c.signupMs), c.age, c.gender, c.city, c.profile.name, c.churned ? 1 : 0]),
  );
}

// ---------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------

type EventType = 'view' | 'cart' | 'purchase' | 'review';

interface PlannedEvent {
  /** Epoch ms (while a session is being planned: seconds from its start, converted at the end). */
  ms: number;
  type: EventType;
  item: Item;
  quantity?: number;
  rating?: number;
  text?: string;
}

interface Session {
  customer: Customer;
  startMs: number;
  endMs: number;
  events: PlannedEvent[];
  hasOrder: boolean;
}

/** item id → all items of its bundle (itself included). */
type BundleIndex = ReadonlyMap<string, readonly Item[]>;

/** Per-segment browsing weight of every item: popularity × category taste × price taste. */
function segmentItemWeights(items: readonly Item[], profile: SegmentProfile): number[] {
  return items.map(
    (it) => it.popularity * profile.categoryWeights[it.category] * (it.priceCents / 2000) ** profile.priceExponent,
  );
}

/** Random moment on a day of 2025, with the planted time-of-day profile. */
function timeOnDay(rng: Rng, day: number): number {
  const hour = rng.weighted(HOUR_WEIGHTS);
  return YEAR_START_MS + day * DAY_MS + (hour * 3600 + rng.int(3600)) * 1000;
}

/**
 * Which items a session looks at, grouped into decision units: a bundle item whose
 * partners get pulled in (bundleFollowRate) forms one unit with them, so the bundle is
 * carted and bought together; anything else is a unit of one.
 */
function browseUnits(
  rng: Rng,
  items: readonly Item[],
  weights: readonly number[],
  seeds: number,
  bundleOf: BundleIndex,
): Item[][] {
  const seen = new Set<string>();
  const units: Item[][] = [];
  for (let s = 0; s < seeds; s++) {
    let item: Item | undefined;
    for (let tries = 0; tries < 8 && !item; tries++) {
      const candidate = items[rng.weighted(weights)];
      if (candidate && !seen.has(candidate.id)) item = candidate;
    }
    if (!item) continue;
    const unit: Item[] = [item];
    const partners = bundleOf.get(item.id);
    if (partners && rng.next() < PLANTED.bundleFollowRate) {
      for (const partner of partners) {
        if (partner.id !== item.id && !seen.has(partner.id)) unit.push(partner);
      }
    }
    for (const it of unit) seen.add(it.id);
    units.push(unit);
  }
  return units;
}

/** One browsing session: views, some carts, and at most one order at checkout. */
function planSession(
  rng: Rng,
  customer: Customer,
  day: number,
  items: readonly Item[],
  weights: readonly number[],
  bundleOf: BundleIndex,
): Session {
  const p = customer.profile;
  const seeds = Math.min(12, 1 + rng.poisson(p.extraSeedsPerSession));
  const units = browseUnits(rng, items, weights, seeds, bundleOf);
  const events: PlannedEvent[] = [];
  const carted: Item[][] = [];
  let t = 0; // seconds from session start
  for (const unit of units) {
    for (const item of unit) {
      events.push({ ms: t, type: 'view', item });
      t += 15 + rng.int(60);
    }
    if (rng.next() < p.cartRate) {
      for (const item of unit) {
        t += 3 + rng.int(20);
        events.push({ ms: t, type: 'cart', item });
      }
      t += 5 + rng.int(20);
      carted.push(unit);
    }
  }
  const bought = carted.filter(() => rng.next() < p.purchaseRate).flat();
  if (bought.length > 0) {
    t += 30 + rng.int(150);
    for (const item of bought) {
      events.push({ ms: t, type: 'purchase', item, quantity: Math.min(9, 1 + rng.poisson(p.extraQuantity)) });
    }
  }
  // Sessions never run past midnight: shift long ones earlier on the same day.
  const dayEnd = YEAR_START_MS + (day + 1) * DAY_MS - 1000;
  const startMs = Math.min(timeOnDay(rng, day), dayEnd - t * 1000);
  for (const e of events) e.ms = startMs + e.ms * 1000;
  return { customer, startMs, endMs: startMs + t * 1000, events, hasOrder: bought.length > 0 };
}

function reviewText(rng: Rng, rating: number): string {
  const zh = rng.next() < PLANTED.reviews.chineseShare;
  if (rating >= 4) return rng.pick(zh ? REVIEW_TEXTS.positiveZh : REVIEW_TEXTS.positive);
  if (rating === 3) return rng.pick(zh ? REVIEW_TEXTS.neutralZh : REVIEW_TEXTS.neutral);
  return rng.pick(zh ? REVIEW_TEXTS.negativeZh : REVIEW_TEXTS.negative);
}

/** Reviews of a session's purchases, each in its own one-event session days later. */
function planReviews(rng: Rng, order: Session): Session[] {
  const out: Session[] = [];
  const [lo, hi] = PLANTED.funnel.reviewDelayDays;
  const orderDay = Math.floor((order.startMs - YEAR_START_MS) / DAY_MS);
  for (const e of order.events) {
    if (e.type !== 'purchase' || rng.next() >= PLANTED.funnel.reviewRate) continue;
    const day = orderDay + lo + rng.int(hi - lo + 1);
    if (day > order.customer.lastDay) continue; // churned (or year over): no more activity
    const rating = 1 + rng.weighted(e.item.lowRated ? LOW_RATED_WEIGHTS : NORMAL_RATING_WEIGHTS);
    const ms = timeOnDay(rng, day);
    out.push({
      customer: order.customer,
      startMs: ms,
      endMs: ms,
      hasOrder: false,
      events: [{ ms, type: 'review', item: e.item, rating, text: reviewText(rng, rating) }],
    });
  }
  return out;
}

function planCustomerSessions(
  rng: Rng,
  customer: Customer,
  items: readonly Item[],
  weights: readonly number[],
  bundleOf: BundleIndex,
): Session[] {
  const activeDays = customer.lastDay - customer.firstDay + 1;
  const n = rng.poisson((customer.profile.sessionsPerYear * customer.activity * activeDays) / DAYS_IN_YEAR);
  const days = Array.from({ length: n }, () => customer.firstDay + rng.int(activeDays)).sort((a, b) => a - b);
  const sessions: Session[] = [];
  let lastEnd = -Infinity;
  for (const day of days) {
    const s = planSession(rng, customer, day, items, weights, bundleOf);
    // Keep one customer's sessions from overlapping (10-minute gap): drop the later one.
    if (s.startMs < lastEnd + 600_000) continue;
    lastEnd = s.endMs;
    sessions.push(s);
    if (s.hasOrder) sessions.push(...planReviews(rng, s));
  }
  return sessions;
}

function eventsCsv(rng: Rng, customers: readonly Customer[], items: readonly Item[]): string {
  const byId = new Map(items.map((it) => [it.id, it]));
  const bundleOf = new Map<string, readonly Item[]>();
  for (const b of PLANTED.bundles) {
    const members = b.items.map((id) => byId.get(id)).filter((it): it is Item => it !== undefined);
    for (const it of members) bundleOf.set(it.id, members);
  }
  const weightsBySegment = new Map(SEGMENT_PROFILES.map((p) => [p.name, segmentItemWeights(items, p)]));

  const sessions: Session[] = [];
  for (const c of customers) {
    const weights = weightsBySegment.get(c.profile.name) ?? [];
    sessions.push(...planCustomerSessions(rng, c, items, weights, bundleOf));
  }
  // Session and order ids follow start time; sort is stable, so ties keep planning order.
  sessions.sort((a, b) => a.startMs - b.startMs);

  interface Row {
    ms: number;
    seq: number;
    cells: Cell[];
  }
  const rows: Row[] = [];
  let orders = 0;
  sessions.forEach((s, si) => {
    const sessionId = `S${String(si + 1).padStart(6, '0')}`;
    const orderId = s.hasOrder ? `O${String(++orders).padStart(6, '0')}` : '';
    for (const e of s.events) {
      const isPurchase = e.type === 'purchase';
      const qty = e.quantity ?? 1;
      rows.push({
        ms: e.ms,
        seq: rows.length,
        cells: [
          0,
          s.customer.id,
          sessionId,
          formatTs(e.ms),
          e.type,
          e.item.id,
          isPurchase ? orderId : '',
          isPurchase ? qty : '',
          isPurchase ? formatCents(e.item.priceCents) : '',
          isPurchase ? formatCents(qty * e.item.priceCents) : '',
          e.rating ?? '',
          e.text ?? '',
        ],
      });
    }
  });
  rows.sort((a, b) => a.ms - b.ms || a.seq - b.seq);
  // event_id is assigned after sorting so that it increases with ts.
  rows.forEach((r, i) => {
    r.cells[0] = i + 1;
  });
  return toCsv(
    HEADERS.events,
    rows.map((r) => r.cells),
  );
}

// ---------------------------------------------------------------------------------------
// Credit book
// ---------------------------------------------------------------------------------------

function creditCsv(rng: Rng, count: number): string {
  const rows: Cell[][] = [];
  for (let i = 0; i < count; i++) {
    const age = clamp(Math.round(rng.normal(44, 13)), 21, 85);
    // Income rises with age until 60, lognormal spread.
    const income = Math.round(((28_000 + 600 * (Math.min(age, 60) - 20)) * Math.exp(rng.normal(0, 0.35))) / 100) * 100;
    const creditLimit = Math.max(500, Math.round((income * (0.1 + 0.25 * rng.next())) / 100) * 100);
    const utilisation = Math.round(sigmoid(rng.normal(-0.6, 1.1)) * 1000) / 1000;
    // Heavier users of their limit miss more payments (a realistic, known correlation).
    const late = Math.min(12, rng.poisson(0.2 + 2 * utilisation * utilisation));
    const tenure = Math.min(240, 1 + Math.floor(-Math.log(1 - rng.next()) * 50));
    const products = Math.min(5, 1 + rng.poisson(0.9));
    const features: CreditFeatures = {
      age,
      income,
      credit_limit: creditLimit,
      utilisation,
      late_payments_12m: late,
      tenure_months: tenure,
      num_products: products,
    };
    const churned = rng.next() < creditChurnProbability(features) ? 1 : 0;
    rows.push([customerId(i), age, income, creditLimit, utilisation.toFixed(3), late, tenure, products, churned]);
  }
  return toCsv(HEADERS.credit, rows);
}

// ---------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------

function checkedCount(value: number, lo: number, hi: number, what: string): number {
  if (!Number.isInteger(value) || value < lo || value > hi) {
    throw new RangeError(`generateSamples: ${what} must be an integer in [${lo}, ${hi}], got ${value}`);
  }
  return value;
}

export function generateSamples(opts: SampleOptions = {}): SampleCsvs {
  const seed = opts.seed ?? DEFAULTS.seed;
  const nCustomers = checkedCount(
    opts.customers ?? DEFAULTS.customers,
    LIMITS.minCustomers,
    LIMITS.maxCustomers,
    'customers',
  );
  const nItems = checkedCount(opts.items ?? DEFAULTS.items, LIMITS.minItems, LIMITS.maxItems, 'items');

  const items = generateItems(new Rng(streamSeed(seed, 1)), nItems);
  const customers = generateCustomers(new Rng(streamSeed(seed, 2)), nCustomers);
  return {
    customers: customersCsv(customers),
    items: itemsCsv(items),
    events: eventsCsv(new Rng(streamSeed(seed, 3)), customers, items),
    credit: creditCsv(new Rng(streamSeed(seed, 4)), nCustomers),
  };
}
