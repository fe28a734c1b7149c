/**
 * Which column plays which role. `guessColumn` is the quick name-only guess used by the analysis
 * screens; `inferRoles` looks at names (in several languages) and, when given, sample values, and
 * hands each role that only one column can play to the best column.
 */
import type { ColumnInfo } from './connector';

export const ROLES = [
  'customer',
  'item',
  'basket',
  'time',
  'event',
  'quantity',
  'price',
  'amount',
  'category',
  'tags',
  'text',
  'label',
  'pii_name',
  'pii_email',
  'pii_phone',
  'pii_address',
] as const;

export type Role = (typeof ROLES)[number];

/** Roles that at most one column of a table plays. The others (category, tags, text, PII) repeat. */
export const SINGLE_ROLES: ReadonlySet<Role> = new Set<Role>([
  'customer',
  'item',
  'basket',
  'time',
  'amount',
  'quantity',
  'price',
  'event',
  'label',
]);

/** Roles whose values name things (who, what, which order): counted and matched, never averaged. */
export const ID_ROLES: ReadonlySet<Role> = new Set<Role>(['customer', 'item', 'basket']);

/**
 * Whether a column holds identifiers rather than measures: its role is an id role, or its name
 * says id (`ID`, `customer_id`, `CustomerID`, `customerId`; not `paid` or `valid`).
 */
export function isIdColumn(name: string, role?: Role): boolean {
  if (role && ID_ROLES.has(role)) return true;
  return /^id$/i.test(name) || /[_\s.-]id$/i.test(name) || /[a-z]ID$/.test(name) || /[a-z]Id$/.test(name);
}

// ---------------------------------------------------------------------------------------------
// Name-only guesses (kept as they were: the analysis screens rely on their exact behaviour).

const PATTERNS: Partial<Record<Role, RegExp[]>> = {
  customer: [/^customer_?id$/i, /^(customer|client|user|member)(_?id)?$/i, /cust/i, /user/i],
  time: [/^(ts|timestamp|event_time|invoice_?date|order_?date|date|time)$/i, /date|time/i],
  amount: [/^(amount|revenue|sales|total|spend|value|monetary)$/i, /amount|revenue/i],
  quantity: [/^(quantity|qty|units|number_of_.*)$/i],
  price: [/^(price|unit_?price)$/i, /price/i],
  basket: [/^(order_?id|invoice_?no|invoice|basket_?id|transaction_?id|order)$/i, /order|invoice|basket/i],
  event: [/^(event_?type|event|action|type)$/i],
  label: [/^(churn|churned|label|target|default|y)$/i],
};

/** The first column whose name suggests `role` (name-only; roles without a fixed pattern use `inferRoles`). */
export function guessColumn(columns: ColumnInfo[], role: Role): string | undefined {
  const patterns = PATTERNS[role];
  if (!patterns) {
    const roles = inferRoles(columns);
    return columns.find((c) => roles[c.name] === role)?.name;
  }
  for (const pattern of patterns) {
    const hit = columns.find((c) => pattern.test(c.name));
    if (hit) return hit.name;
  }
  return undefined;
}

/** The table that looks most like a transaction log: the most purchase roles found by name. */
export function guessTransactionTable<T extends { columns: ColumnInfo[] }>(tables: T[]): T | undefined {
  const roles: Role[] = ['customer', 'time', 'amount', 'basket', 'quantity', 'price'];
  let best: T | undefined;
  let bestScore = -1;
  for (const t of tables) {
    const score = roles.filter((r) => guessColumn(t.columns, r)).length;
    if (score > bestScore) [best, bestScore] = [t, score];
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Names

interface NameInfo {
  /** Lower-cased name. */
  lower: string;
  /** Words: camelCase, digits and any punctuation split, lower-cased (`customerID` → customer, id). */
  tokens: string[];
  /** The words run together (`customer_id` → `customerid`). */
  compact: string;
}

function analyseName(name: string): NameInfo {
  const spaced = name
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .replace(/(\p{L})(\p{N})/gu, '$1 $2')
    .replace(/(\p{N})(\p{L})/gu, '$1 $2')
    .replace(/(\p{Script=Han})([A-Za-z0-9])/gu, '$1 $2')
    .replace(/([A-Za-z0-9])(\p{Script=Han})/gu, '$1 $2');
  const tokens = spaced
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return { lower: name.toLowerCase(), tokens, compact: tokens.join('') };
}

const ID_SUFFIX = '(id|ids|no|nr|num|number|nummer|code|key|ref|编号|号|代码|编码|號)?';
/** The whole name is one of `words`, optionally followed by an ID suffix (`CustomerID`, `kunden_nr`). */
const entity = (words: string) => new RegExp(`^(${words})${ID_SUFFIX}$`);
const has =
  (...words: string[]) =>
  (n: NameInfo) =>
    n.tokens.some((t) => words.includes(t));
const whole = (re: RegExp) => (n: NameInfo) => re.test(n.compact);
const cjk = (re: RegExp) => (n: NameInfo) => re.test(n.lower);

type NameRule = [role: Role, score: number, test: (n: NameInfo) => boolean];

/** Name evidence. A column takes, per role, the best score of the rules that match. */
const NAME_RULES: NameRule[] = [
  [
    'customer',
    0.9,
    whole(
      entity(
        'customer|cust|client|user|member|buyer|shopper|subscriber|consumer|account|visitor|kunde|kunden|cliente|usuario|utilisateur|patron',
      ),
    ),
  ],
  ['customer', 0.9, cjk(/^(客户|用户|顾客|会员|买家|消费者|顧客|会員|고객|사용자)\s*(id|编号|号|代码|编码|號)?$/)],
  [
    'customer',
    0.5,
    has('customer', 'customers', 'cust', 'client', 'user', 'member', 'buyer', 'kunde', 'kunden', 'cliente', 'usuario'),
  ],
  ['customer', 0.5, cjk(/客户|用户|顾客|会员|买家/)],

  [
    'item',
    0.9,
    whole(
      entity(
        'item|product|prod|sku|article|artikel|produkt|producto|produit|asin|isbn|stockcode|stock|goods|merchandise|movie|song|track|book',
      ),
    ),
  ],
  ['item', 0.9, cjk(/^(商品|产品|物品|货品|货号|商品编码|商品编号)\s*(id|编号|号|代码|编码)?$/)],
  ['item', 0.5, has('item', 'items', 'product', 'products', 'sku', 'article', 'stock', 'artikel', 'produkt')],
  ['item', 0.5, cjk(/商品|产品|物品/)],

  [
    'basket',
    0.9,
    whole(entity('order|invoice|basket|transaction|receipt|bestellung|bestell|rechnung|pedido|factura|commande')),
  ],
  ['basket', 0.9, whole(/^(cart|txn|trans|ticket|bill|purchase)(id|no|nr|num|number|code|key|ref)$/)],
  ['basket', 0.9, cjk(/^(订单|订单号|单号|发票|小票|交易|购物车)\s*(id|编号|号)?$/)],
  ['basket', 0.45, has('order', 'orders', 'invoice', 'basket', 'transaction', 'receipt')],
  ['basket', 0.4, has('session', 'visit')],
  ['basket', 0.45, cjk(/订单|交易|会话/)],

  [
    'time',
    0.85,
    has('date', 'time', 'timestamp', 'datetime', 'ts', 'dt', 'datum', 'fecha', 'zeit', 'zeitpunkt', 'hora', 'heure'),
  ],
  ['time', 0.8, whole(/(date|time|timestamp|datetime)$/)],
  ['time', 0.75, whole(/^(created|updated|modified|occurred|purchased|ordered|signup|signedup|registered)(at|on)$/)],
  ['time', 0.85, cjk(/时间|日期|时刻|日時|日付|날짜|시간/)],

  [
    'event',
    0.9,
    whole(
      /^(event|events|eventtype|eventname|eventaction|action|actiontype|activity|activitytype|behavior|behaviour|behaviortype|behaviourtype|interaction|interactiontype)$/,
    ),
  ],
  ['event', 0.55, whole(/^type$/)],
  ['event', 0.9, cjk(/^(事件|行为|行为类型|事件类型|动作|操作|用户行为)$/)],
  ['event', 0.75, cjk(/行为|事件/)],

  [
    'quantity',
    0.9,
    whole(
      /^(quantity|quantities|qty|units|unitssold|pieces|pcs|menge|anzahl|cantidad|quantite|quantité|count|itemcount|numitems|nitems)$/,
    ),
  ],
  ['quantity', 0.85, has('quantity', 'qty')],
  ['quantity', 0.55, (n) => n.tokens.length > 1 && ['number', 'num', 'nb', 'n'].includes(n.tokens[0]!)],
  ['quantity', 0.85, cjk(/数量|件数|个数|数目/)],

  ['price', 0.9, has('price', 'prices', 'preis', 'precio', 'prix', 'prezzo')],
  ['price', 0.9, whole(/price$/)],
  ['price', 0.5, has('cost')],
  ['price', 0.85, cjk(/单价|价格|售价|价钱|定价/)],

  [
    'amount',
    0.9,
    whole(
      /^(amount|amt|revenue|sales|spend|spent|spending|monetary|total|totalamount|totalprice|totalspend|netsales|grosssales|turnover|umsatz|betrag|importe|montant|gmv|payment|paymentamount|ordervalue|ordertotal|totalcharges|charges|totalpaid|amountpaid)$/,
    ),
  ],
  [
    'amount',
    0.75,
    has(
      'amount',
      'amt',
      'revenue',
      'sales',
      'spend',
      'spent',
      'monetary',
      'turnover',
      'gmv',
      'charges',
      'charge',
      'umsatz',
      'betrag',
      'importe',
      'montant',
      'paid',
    ),
  ],
  ['amount', 0.5, has('value', 'total')],
  ['amount', 0.85, cjk(/金额|总额|总价|销售额|消费额|实付|营业额|交易额|付款额|支付额/)],

  [
    'category',
    0.65,
    has(
      'category',
      'cat',
      'segment',
      'group',
      'genre',
      'brand',
      'department',
      'dept',
      'country',
      'region',
      'city',
      'state',
      'province',
      'channel',
      'gender',
      'sex',
      'type',
      'kind',
      'tier',
      'plan',
      'contract',
      'status',
      'level',
      'education',
      'marriage',
      'marital',
      'occupation',
      'job',
      'industry',
      'language',
      'device',
      'platform',
      'browser',
      'os',
      'source',
      'medium',
      'campaign',
      'store',
      'shop',
      'color',
      'colour',
      'size',
      'method',
    ),
  ],
  [
    'category',
    0.65,
    cjk(/类别|分类|品类|类目|类型|种类|地区|区域|城市|省份|国家|性别|渠道|品牌|等级|状态|部门|行业|职业|学历|婚姻/),
  ],

  [
    'tags',
    0.9,
    has('tags', 'tag', 'keywords', 'keyword', 'labels', 'genres', 'topics', 'hashtags', 'categories', 'attributes'),
  ],
  ['tags', 0.9, cjk(/标签|关键词/)],

  [
    'text',
    0.85,
    has(
      'description',
      'desc',
      'comment',
      'comments',
      'review',
      'reviews',
      'text',
      'note',
      'notes',
      'message',
      'feedback',
      'remark',
      'remarks',
      'content',
      'body',
      'beschreibung',
      'descripcion',
      'descripción',
    ),
  ],
  ['text', 0.85, cjk(/评论|评价|描述|备注|内容|文本|留言|反馈|说明/)],

  [
    'label',
    0.9,
    whole(
      /^(churn|churned|label|target|y|class|outcome|converted|conversion|fraud|isfraud|defaulted|default|response|responded|attrition|attrited|exited|retained|survived)$/,
    ),
  ],
  ['label', 0.75, has('churn', 'churned', 'target', 'label', 'default', 'fraud', 'attrition', 'exited')],
  ['label', 0.55, (n) => n.tokens.length > 1 && ['is', 'has', 'did', 'will'].includes(n.tokens[0]!)],
  ['label', 0.85, cjk(/流失|是否|违约|目标|标注|欺诈|转化/)],

  [
    'pii_name',
    0.9,
    whole(
      /^(first|last|full|given|family|middle|sur|nick|user|customer|contact|client|account|display|real|person|vor|nach)name$/,
    ),
  ],
  ['pii_name', 0.9, whole(/^(nombre|apellido|apellidos|prenom|prénom|nom)$/)],
  ['pii_name', 0.9, cjk(/姓名|名字|姓氏|昵称|联系人|收货人|收件人/)],
  [
    'pii_email',
    0.9,
    whole(/^(customer|contact|user|client|work|personal|primary|billing)?e?mail(address|addr|adresse)?\d*$/),
  ],
  ['pii_email', 0.9, cjk(/邮箱|电子邮件|邮件地址/)],
  [
    'pii_phone',
    0.9,
    whole(
      /^(customer|contact|home|work|primary|main|billing|shipping|mobile|cell)?(phone|telephone|tel|mobile|cell|cellphone|handy|telefon|telefono|telefone|phonenumber)(no|nr|num|number|nummer)?\d*$/,
    ),
  ],
  ['pii_phone', 0.9, cjk(/电话|手机|联系方式|電話/)],
  [
    'pii_address',
    0.9,
    whole(
      /^(street|home|billing|shipping|delivery|postal|mailing|customer)?(address|addr|adresse|street|streetaddress|zip|zipcode|postcode|postalcode|plz|direccion|dirección)(line)?\d*$/,
    ),
  ],
  ['pii_address', 0.9, cjk(/地址|住址|邮编|街道/)],
];

// ---------------------------------------------------------------------------------------------
// Values

type Sample = string | number | null;

interface ValueStats {
  n: number;
  distinct: number;
  /** Fractions of the non-empty values. */
  numeric: number;
  dates: number;
  emails: number;
  phones: number;
  spaced: number;
  cjk: number;
  avgLen: number;
  /** Values split by | ; or , into several short tokens. */
  tagged: number;
  /** Fraction of the distinct values that are known event names. */
  eventWords: number;
  /** Exactly two distinct values, both yes/no-like. */
  binary: boolean;
  /** Many distinct short values without spaces. */
  idLike: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const DATE = [
  /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)?$/,
  /^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}( \d{1,2}:\d{2}(:\d{2})?)?$/,
  /^\d{4}年\d{1,2}月\d{1,2}日/,
  /^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/,
];
const BOOLISH = new Set(['0', '1', '0.0', '1.0', 'yes', 'no', 'y', 'n', 'true', 'false', 't', 'f', '是', '否']);
const EVENT_WORDS = new Set([
  'view',
  'views',
  'page_view',
  'pageview',
  'product_view',
  'view_item',
  'pv',
  'click',
  'clicks',
  'impression',
  'search',
  'cart',
  'add_to_cart',
  'addtocart',
  'add',
  'remove',
  'remove_from_cart',
  'wishlist',
  'favorite',
  'favourite',
  'fav',
  'like',
  'share',
  'checkout',
  'begin_checkout',
  'purchase',
  'buy',
  'order',
  'payment',
  'pay',
  'refund',
  'return',
  'review',
  'rate',
  'rating',
  'login',
  'logout',
  'signup',
  'sign_up',
  'register',
  'open',
  'install',
  'uninstall',
  'visit',
  'session_start',
  'subscribe',
  'unsubscribe',
  'download',
  'play',
  '浏览',
  '点击',
  '加购',
  '收藏',
  '购买',
  '下单',
  '支付',
  '评论',
  '搜索',
  '分享',
  '退货',
]);

function isNumber(s: string): boolean {
  return s !== '' && Number.isFinite(Number(s.replaceAll(',', '')));
}

function isPhone(s: string): boolean {
  if (/^\+\d{8,15}$/.test(s) || /^1[3-9]\d{9}$/.test(s) || /^0\d{9,10}$/.test(s)) return true;
  if (isNumber(s) || DATE.some((re) => re.test(s))) return false;
  if (!/^\+?[\d\s().\-/]{7,22}$/.test(s)) return false;
  const digits = s.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15;
}

function isTagList(s: string): boolean {
  const sep = s.includes('|') ? '|' : s.includes(';') ? ';' : s.includes(',') ? ',' : '';
  if (!sep || /[.!?。！？]$/.test(s) || isNumber(s)) return false;
  const parts = s.split(sep).map((p) => p.trim());
  return parts.length >= 2 && parts.every((p) => p !== '' && p.length <= 24 && p.split(/\s+/).length <= 2);
}

function valueStats(values: Sample[]): ValueStats | undefined {
  const strings = values
    .filter((v): v is string | number => v !== null)
    .map((v) => String(v).trim())
    .filter((s) => s !== '');
  const n = strings.length;
  if (n === 0) return undefined;
  const frac = (test: (s: string) => boolean) => strings.filter(test).length / n;
  const distinctValues = new Set(strings.map((s) => s.toLowerCase()));
  const distinct = distinctValues.size;
  const numeric = frac(isNumber);
  const spaced = frac((s) => /\s/.test(s));
  const avgLen = strings.reduce((sum, s) => sum + [...s].length, 0) / n;
  const normalised = [...distinctValues].map((s) => s.replace(/[\s-]+/g, '_'));
  return {
    n,
    distinct,
    numeric,
    dates: frac((s) => DATE.some((re) => re.test(s))),
    emails: frac((s) => EMAIL.test(s)),
    phones: frac(isPhone),
    spaced,
    cjk: frac((s) => /\p{Script=Han}/u.test(s)),
    avgLen,
    tagged: frac(isTagList),
    eventWords: normalised.filter((s) => EVENT_WORDS.has(s)).length / distinct,
    binary: distinct === 2 && [...distinctValues].every((s) => BOOLISH.has(s)),
    idLike: spaced < 0.05 && avgLen <= 24 && distinct >= 3 && (n < 10 || distinct / n >= 0.5),
  };
}

// ---------------------------------------------------------------------------------------------
// Scores

const NUMERIC_TYPE =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL|NUMERIC|INT\d*)\b/i;
const TEMPORAL_TYPE = /^(DATE|TIMESTAMP|DATETIME)/i;

interface Column {
  name: NameInfo;
  type: string;
  values?: ValueStats;
}

function roleScores(col: Column, table: { strongItem: boolean; strongCustomer: boolean }): Map<Role, number> {
  const scores = new Map<Role, number>();
  const put = (role: Role, score: number) => {
    if (score > (scores.get(role) ?? 0)) scores.set(role, score);
  };
  for (const [role, score, test] of NAME_RULES) if (test(col.name)) put(role, score);
  if (col.name.compact === 'id' || col.name.compact === '编号') put('customer', 0.35);
  if (col.name.compact === 'name' || col.name.lower === '名称') {
    if (table.strongCustomer || !table.strongItem) put('pii_name', table.strongCustomer ? 0.7 : 0.4);
  }

  const v = col.values;
  const numericType = NUMERIC_TYPE.test(col.type);
  const temporalType = TEMPORAL_TYPE.test(col.type);
  const booleanType = /^BOOL/i.test(col.type);
  /** Numbers in the data (or no way to tell). */
  const numeric = numericType || (!temporalType && !booleanType && (v ? v.numeric >= 0.9 : true));
  const dateLike = temporalType || (v ? v.dates >= 0.8 : !numericType && !booleanType);
  const textual = !numericType && !temporalType && !booleanType && (!v || v.numeric < 0.5);

  // Value evidence.
  if (temporalType) put('time', 0.7);
  if (v) {
    if (v.emails >= 0.8) put('pii_email', 0.95);
    if (!numericType && !temporalType && v.phones >= 0.8) put('pii_phone', 0.8);
    if (!temporalType && v.dates >= 0.8 && v.numeric < 0.5) put('time', 0.65);
    const freeText = (textual && v.avgLen >= 20 && v.spaced >= 0.6) || (textual && v.cjk >= 0.6 && v.avgLen >= 8);
    const varied = v.n < 20 || v.distinct / v.n >= 0.2;
    if (freeText && varied && v.tagged < 0.3) put('text', 0.6);
    if (textual && v.tagged >= 0.3) put('tags', 0.75);
    if (textual && v.distinct >= 2 && v.distinct <= 30 && v.avgLen <= 24 && v.eventWords >= 0.5) put('event', 0.8);
    if (v.binary || booleanType) put('label', 0.45);
    const fewValues = v.distinct >= 2 && v.distinct <= 50 && (v.n < 50 || v.distinct / v.n <= 0.2);
    if ((textual || booleanType) && fewValues && v.avgLen <= 40 && !freeText) put('category', 0.3);
    if (v.binary) put('category', 0.3);
  } else if (booleanType) {
    put('label', 0.45);
  }

  // Consistency of names with values.
  const scale = (role: Role, factor: number) => {
    const s = scores.get(role);
    if (s !== undefined) scores.set(role, s * factor);
  };
  for (const role of ['quantity', 'price', 'amount'] as const) if (!numeric) scale(role, 0);
  if (!dateLike) scale('time', numeric ? 0.25 : 0.3);
  if (booleanType)
    for (const role of [
      'customer',
      'item',
      'basket',
      'time',
      'event',
      'text',
      'tags',
      'pii_name',
      'pii_email',
      'pii_phone',
      'pii_address',
    ] as const)
      scale(role, 0);
  if (v) {
    if (v.distinct > 10 && !v.binary) scale('label', 0.3);
    if (v.distinct > 50 || (!textual && v.distinct > 30)) scale('event', 0.3);
    if (numeric && v.distinct > 20) scale('category', 0.5);
    for (const role of ['customer', 'item', 'basket'] as const) {
      if (v.n >= 20 && v.distinct <= 2) scale(role, 0.5);
      else if (v.avgLen > 40 && v.spaced > 0.5) scale(role, 0.3);
      else if (v.idLike) scale(role, 1.1);
    }
    if (col.name.compact === 'id' && !v.idLike) scale('customer', 0.5);
    if (v.phones < 0.5 && !/\p{Script=Han}/u.test(col.name.lower)) scale('pii_phone', 0.3);
    if (v.emails < 0.5) scale('pii_email', 0.3);
    if (v.numeric >= 0.9 && !numericType) scale('text', 0.3);
  }
  if (numericType)
    for (const role of ['text', 'tags', 'pii_name', 'pii_email', 'pii_address', 'event'] as const) scale(role, 0.3);
  return scores;
}

/** Below this a role is not given. */
const MIN_SCORE = 0.3;

/**
 * A role per column (or none), from column names and, when given, sample values (column name →
 * values, nulls allowed). Each column gets at most one role; each role in `SINGLE_ROLES` goes to the
 * single best column, and a column that loses one falls back to its next best role.
 */
export function inferRoles(
  columns: { name: string; type: string }[],
  samples?: Record<string, Sample[]>,
): Record<string, Role | undefined> {
  const cols: Column[] = columns.map((c) => {
    const values = samples && Object.hasOwn(samples, c.name) ? samples[c.name] : undefined;
    return { name: analyseName(c.name), type: c.type, values: values ? valueStats(values) : undefined };
  });
  const strongly = (role: Role) =>
    cols.some((c) => NAME_RULES.some(([r, score, test]) => r === role && score >= 0.9 && test(c.name)));
  const table = { strongItem: strongly('item'), strongCustomer: strongly('customer') };

  const candidates: { col: number; role: Role; score: number }[] = [];
  cols.forEach((col, i) => {
    for (const [role, score] of roleScores(col, table))
      if (score >= MIN_SCORE) candidates.push({ col: i, role, score });
  });
  candidates.sort((a, b) => b.score - a.score || a.col - b.col || ROLES.indexOf(a.role) - ROLES.indexOf(b.role));

  const assigned: (Role | undefined)[] = cols.map(() => undefined);
  const taken = new Set<Role>();
  for (const { col, role } of candidates) {
    if (assigned[col] !== undefined || taken.has(role)) continue;
    assigned[col] = role;
    if (SINGLE_ROLES.has(role)) taken.add(role);
  }
  return Object.fromEntries(columns.map((c, i) => [c.name, assigned[i]]));
}
