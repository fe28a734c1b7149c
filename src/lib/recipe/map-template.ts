/**
 * A scenario template onto the user's own tables: each table the template reads stands for one of
 * theirs, each role its steps need for one of their columns. The column params of every step come
 * from the op's declared columns (`OpDef.columns`, each with its role), so the template's sample
 * column names never reach the user's data. Steps whose inputs the user lacks are skipped with the
 * reason; if the step that answers the template's question cannot run, the mapping has problems and
 * nothing should run. Pure: no DuckDB, no UI.
 */
import { OPS } from '../ops/registry';
import { CLEAN_OPS } from '../ops/clean';
import { ident } from '../data/sql';
import { inferRoles, type Role } from '../data/roles';
import type { ColumnInfo } from '../data/connector';
import type { Recipe, Step } from './schema';
import type { Template } from './templates';

/** One of the user's loaded tables, with the roles mapped on it in the data workspace (column → role). */
export interface UserTable {
  name: string;
  columns: ColumnInfo[];
  roles?: Record<string, string>;
}

/** For each template table, the user's table (or null) and, per role, the column playing it. */
export interface TemplateMapping {
  tables: Record<string, string | null>;
  columns: Record<string, Partial<Record<Role, string>>>;
}

export type StepPlan =
  | { id: string; status: 'runs' }
  | { id: string; status: 'added'; reason: string }
  | { id: string; status: 'skipped'; reason: string };

export interface MappedTemplate {
  /** The recipe to run: the user's sources and roles, the template's steps rewritten (absent when there are problems). */
  recipe?: Recipe;
  steps: StepPlan[];
  /** Why it cannot run (empty when it can). */
  problems: string[];
}

/** Ops whose output has the input's columns (rows filtered or cleaned). */
const ROW_OPS = new Set(CLEAN_OPS.map((op) => op.name));
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The role → column map of a table: the roles mapped in the data workspace first, then guesses from names. */
export function tableRoles(table: UserTable): Partial<Record<Role, string>> {
  const out: Partial<Record<Role, string>> = {};
  for (const [column, role] of Object.entries(table.roles ?? {})) if (!(role in out)) out[role as Role] = column;
  const inferred = inferRoles(table.columns);
  for (const c of table.columns) {
    const role = inferred[c.name];
    if (role && !(role in out) && !table.roles?.[c.name]) out[role] = c.name;
  }
  return out;
}

/** The mapping the screen starts from: each template table gets the user table with its key roles (each user table once), roles from tableRoles. */
export function defaultMapping(template: Template, tables: UserTable[]): TemplateMapping {
  const mapping: TemplateMapping = { tables: {}, columns: {} };
  const used = new Set<string>();
  for (const [name, spec] of Object.entries(template.tables)) {
    const wanted = Object.keys(spec.roles) as Role[];
    let best: { table: UserTable; score: number } | undefined;
    for (const table of tables) {
      if (used.has(table.name)) continue;
      const roles = tableRoles(table);
      if (!spec.key.every((r) => roles[r])) continue;
      const score = (table.name === name ? 100 : 0) + wanted.filter((r) => roles[r]).length;
      if (!best || score > best.score) best = { table, score };
    }
    mapping.tables[name] = best?.table.name ?? null;
    if (best) used.add(best.table.name);
    const roles = best ? tableRoles(best.table) : {};
    mapping.columns[name] = Object.fromEntries(wanted.filter((r) => roles[r]).map((r) => [r, roles[r]]));
  }
  return mapping;
}

/** Every role the template's tables have, for the mapping screen (template tables in order). */
export function templateRoles(template: Template): Array<{ table: string; roles: Role[] }> {
  return Object.entries(template.tables).map(([table, spec]) => ({ table, roles: Object.keys(spec.roles) as Role[] }));
}

interface Ctx {
  template: Template;
  mapping: TemplateMapping;
  tables: Map<string, UserTable>;
  /** Step id → what became of it. */
  plans: Map<string, StepPlan>;
  /** Step id → the template table whose columns its output has (all roles), or whose customer column it keeps. */
  lineage: Map<string, { table: string; all: boolean }>;
  /** Pass-through steps: id → the (rewritten) input its readers read instead. */
  through: Map<string, string>;
}

const col = (c: Ctx, table: string, role: Role): string | undefined => c.mapping.columns[table]?.[role];

/**
 * `recipe` is the template's recipe, `current` the user's (its sources and roles are kept): the
 * result has the user's sources, the mapping as roles, and the template's steps on the user's tables.
 */
export function mapTemplate(
  template: Template,
  recipe: Recipe,
  tables: UserTable[],
  mapping: TemplateMapping,
  current: Recipe,
): MappedTemplate {
  const c: Ctx = {
    template,
    mapping,
    tables: new Map(tables.map((t) => [t.name, t])),
    plans: new Map(),
    lineage: new Map(),
    through: new Map(),
  };
  const problems: string[] = [];
  for (const [name, mine] of Object.entries(mapping.tables)) {
    if (!mine) continue;
    const table = c.tables.get(mine);
    if (!table) problems.push(`table '${mine}' (for '${name}') is not loaded`);
    for (const [role, column] of Object.entries(mapping.columns[name] ?? {})) {
      if (table && column && !table.columns.some((x) => x.name === column))
        problems.push(`column '${column}' (${role}) is not in '${mine}'`);
    }
    if (recipe.steps.some((s) => s.id === mine)) problems.push(`table '${mine}' has the name of a step: rename it`);
  }
  const steps: Step[] = [];
  const derived = derivedLabelSteps(c, recipe);
  for (const step of recipe.steps) {
    if (derived && step.id === template.derivedLabel!.features) steps.push(...derived.before);
    const out =
      template.answer.view === 'atrisk' && step.id === template.answer.step
        ? atRiskStep(c, step)
        : mapStep(c, step, derived?.rewrite.get(step.id));
    if (out) steps.push(out);
    if (derived && step.id === template.derivedLabel!.features) steps.push(...derived.after);
  }
  const answer = c.plans.get(template.answer.step);
  if (answer?.status === 'skipped') problems.push(`${template.answer.step}: ${answer.reason}`);
  const plans = [...(derived?.added ?? []), ...recipe.steps.map((s) => c.plans.get(s.id)!)];
  if (problems.length) return { steps: plans, problems };
  const used = Object.entries(mapping.tables).filter((e): e is [string, string] => !!e[1]);
  // Every loaded source stays (nothing loaded is lost); a mapped table that is not one is named as a file.
  const sources = [...current.sources, ...used.map(([, mine]) => ({ name: mine, file: mine }))];
  const roles = { ...current.roles };
  for (const [name, mine] of used) {
    const chosen = Object.entries(mapping.columns[name] ?? {}).filter((e): e is [string, string] => !!e[1]);
    // The mapping wins over the workspace's roles for the same role or column.
    const kept = Object.entries(roles[mine] ?? {}).filter(
      ([column, role]) => !chosen.some(([r, x]) => r === role || x === column),
    );
    roles[mine] = Object.fromEntries([...kept, ...chosen.map(([r, column]) => [column, r])]);
  }
  const mapped: Recipe = {
    version: recipe.version,
    name: recipe.name,
    description: recipe.description,
    sources: dedupe(sources),
    roles,
    steps,
  };
  return { recipe: mapped, steps: plans, problems };
}

const dedupe = <T extends { name: string }>(xs: T[]) =>
  xs.filter((x, i) => xs.findIndex((y) => y.name === x.name) === i);

function skip(c: Ctx, id: string, reason: string): undefined {
  c.plans.set(id, { id, status: 'skipped', reason });
  return undefined;
}

/** A step's input or table param rewritten: a template table → the user's, a pass-through step → what it read. */
function resolveRef(c: Ctx, ref: string): { ref: string; table?: string; all?: boolean } | { missing: string } {
  const [base, rest] = [ref.split('.')[0]!, ref.includes('.') ? ref.slice(ref.indexOf('.')) : ''];
  if (base in c.template.tables) {
    const mine = c.mapping.tables[base];
    return mine ? { ref: mine + rest, table: base, all: true } : { missing: `no table for '${base}'` };
  }
  if (c.through.has(base) && !rest) return { ref: c.through.get(base)!, ...c.lineage.get(base) };
  const plan = c.plans.get(base);
  if (plan?.status === 'skipped') {
    const fallback = c.template.fallback?.[base];
    if (fallback && c.mapping.tables[fallback]) return { ref: c.mapping.tables[fallback]!, table: fallback, all: true };
    return { missing: `needs '${base}', which is skipped` };
  }
  const lin = rest ? undefined : c.lineage.get(base);
  return { ref, table: lin?.table, all: lin?.all };
}

function mapStep(c: Ctx, step: Step, override?: Partial<Step>): Step | undefined {
  const s: Step = {
    ...step,
    ...override,
    params: { ...step.params, ...c.template.onUserData?.[step.id], ...override?.params },
  };
  const op = OPS[s.op];
  if (!op) return skip(c, s.id, `unknown op '${s.op}'`);
  let table: string | undefined;
  let all = false;
  let substituted = false;
  if (s.input) {
    const r = resolveRef(c, s.input);
    if ('missing' in r) return skip(c, s.id, r.missing);
    substituted = !!r.table && r.table !== lineageOf(c, step.input);
    [s.input, table, all] = [r.ref, r.table, !!r.all];
  }
  const params = s.params as Record<string, unknown>;
  for (const [key, value] of Object.entries(params)) if (value === undefined) delete params[key];
  for (const [key, value] of Object.entries(params))
    if (typeof value === 'string' && DATE.test(value)) delete params[key];
  // Tables named in params, and the columns of theirs the step names.
  // Those whose columns the op names by role (`keys`); the others (a reference, a seed list) are kept as written.
  for (const [param, { keys, optional }] of Object.entries(op.tableParams ?? {})) {
    if (!keys) continue;
    const ref = params[param];
    if (typeof ref !== 'string') continue;
    const r = resolveRef(c, ref);
    if ('missing' in r || (r.table && r.table === table)) {
      if ('missing' in r && !optional) return skip(c, s.id, r.missing);
      // Gone, or the input itself: the columns are then the input's own.
      delete params[param];
      for (const k of Object.keys(keys)) if (k !== 'label' && k !== 'attribute') delete params[k];
      if (param === 'labelTable') delete params.key;
      if (param === 'attributeTable') delete params.key;
      continue;
    }
    params[param] = r.ref;
    for (const [k, role] of Object.entries(keys)) {
      if (!r.table) continue;
      const found = col(c, r.table, role);
      if (found) params[k] = found;
      else if (k === 'label' || k === 'attribute') return skip(c, s.id, `no ${role} column in '${r.ref}'`);
      else delete params[k];
    }
  }
  // The op's column params, by role, from the input's template table.
  for (const [field, spec] of Object.entries(op.columns ?? {})) {
    if (spec.byName || (spec.when && !spec.when(params as never))) continue;
    if (!spec.role) {
      // Columns of the sample table (a feature list) mean nothing on another table: the op's default then.
      const names = table && all ? userColumns(c, table) : undefined;
      const values = ([] as unknown[]).concat(params[field] ?? []);
      if (substituted || (names && !values.every((v) => typeof v === 'string' && names.includes(v))))
        delete params[field];
      // A column the op cannot do without and no role can find (an experiment's arm column).
      if (spec.required && params[field] === undefined) return skip(c, s.id, `no '${field}' column in '${s.input}'`);
      continue;
    }
    if (!table || (!all && spec.role !== 'customer')) continue;
    // Given in the template: the user's column or none. Left out: the op finds it by role (recipe.roles), but a required one must be there.
    const given = params[field] !== undefined;
    if (!given && !spec.required) continue;
    const found = col(c, table, spec.role);
    if (found) params[field] = found;
    else if (spec.role === 'amount' && col(c, table, 'quantity') && col(c, table, 'price')) delete params[field];
    else if (spec.required) return skip(c, s.id, `no ${spec.role} column in '${s.input}'`);
    else if (op.params.safeParse({ ...params, [field]: null }).success) params[field] = null;
    else delete params[field];
  }
  // quantity × price stand in for a missing amount.
  if (op.columns?.amount && table && all && !col(c, table, 'amount')) {
    const [q, p] = [col(c, table, 'quantity'), col(c, table, 'price')];
    if (q && p && op.columns.quantity && op.columns.price) Object.assign(params, { quantity: q, price: p });
  }
  // SQL text: the template's table and column names → the user's; a filter on a role the user lacks is passed through.
  for (const key of ['where', 'query'] as const) {
    if (typeof params[key] !== 'string') continue;
    const rewritten = rewriteSql(c, params[key] as string, table);
    if ('missing' in rewritten) {
      if (s.op === 'filter' && s.input) {
        c.through.set(s.id, s.input);
        if (table) c.lineage.set(s.id, { table, all });
        c.plans.set(s.id, { id: s.id, status: 'skipped', reason: `${rewritten.missing}: every row is kept` });
        return undefined;
      }
      return skip(c, s.id, rewritten.missing);
    }
    params[key] = rewritten.sql;
  }
  if (table && (ROW_OPS.has(s.op) || (s.op === 'features' && params.entity !== 'item')))
    c.lineage.set(s.id, { table, all: ROW_OPS.has(s.op) && all });
  c.plans.set(s.id, { id: s.id, status: 'runs' });
  return s;
}

function userColumns(c: Ctx, table: string): string[] | undefined {
  const mine = c.mapping.tables[table];
  return mine ? c.tables.get(mine)?.columns.map((x) => x.name) : undefined;
}

function lineageOf(c: Ctx, input: string | undefined): string | undefined {
  if (!input) return undefined;
  const base = input.split('.')[0]!;
  return base in c.template.tables ? base : c.lineage.get(base)?.table;
}

/** Sample table and column names in SQL → the user's; a step that is skipped or a role that is missing says so. */
function rewriteSql(c: Ctx, sql: string, table: string | undefined): { sql: string } | { missing: string } {
  for (const [id, plan] of c.plans) {
    if (plan.status === 'skipped' && !c.through.has(id) && new RegExp(`\\b${id}\\.`).test(sql))
      return { missing: `needs '${id}', which is skipped` };
  }
  let out = sql;
  for (const name of Object.keys(c.template.tables)) {
    if (!new RegExp(`\\b${name}\\b(?!\\.)`).test(out)) continue;
    const mine = c.mapping.tables[name];
    if (!mine) return { missing: `no table for '${name}'` };
    out = out.replace(new RegExp(`\\b${name}\\b(?!\\.)`, 'g'), ident(mine));
  }
  if (table) {
    for (const [role, sample] of Object.entries(c.template.tables[table]!.roles)) {
      const re = new RegExp(`(?<![."\\w])"?${sample}"?(?![\\w"])`, 'g');
      if (!re.test(out)) continue;
      const mine = col(c, table, role as Role);
      if (!mine) return { missing: `no ${role} column in '${c.mapping.tables[table]}'` };
      out = out.replace(re, ident(mine));
    }
  }
  return { sql: out };
}

/**
 * Retention without a label table: "no purchase in the last `days` days of the log" is the label,
 * the classifier learns from the log before that window, and the customers are scored on all of it.
 */
function derivedLabelSteps(
  c: Ctx,
  recipe: Recipe,
): { before: Step[]; after: Step[]; rewrite: Map<string, Partial<Step>>; added: StepPlan[] } | undefined {
  const d = c.template.derivedLabel;
  if (!d) return undefined;
  const log = c.mapping.tables[d.log];
  const [customer, time] = [col(c, d.log, 'customer'), col(c, d.log, 'time')];
  if (c.mapping.tables[d.labelTable] && col(c, d.labelTable, 'label')) return undefined;
  if (!log || !customer || !time) return undefined;
  const features = recipe.steps.find((s) => s.id === d.features);
  const classifier = recipe.steps.find((s) => s.id === d.classifier);
  if (!features || !classifier) return undefined;
  const t = `CAST(${ident(time)} AS TIMESTAMP)`;
  const cutoff = `(SELECT CAST(max(${t}) AS DATE) + 1 - INTERVAL ${d.days} DAY FROM ${ident(log)})`;
  const history: Step = {
    id: 'history',
    op: 'sql',
    params: { query: `SELECT * FROM ${ident(log)} WHERE ${t} < ${cutoff}` },
  };
  const label: Step = {
    id: 'churn_label',
    op: 'sql',
    params: {
      query:
        `SELECT CAST(${ident(customer)} AS VARCHAR) AS customer, CASE WHEN count(*) FILTER (WHERE ${t} >= ${cutoff}) = 0 THEN 1 ELSE 0 END AS churned ` +
        `FROM ${ident(log)} WHERE ${ident(customer)} IS NOT NULL AND ${ident(time)} IS NOT NULL GROUP BY 1 HAVING count(*) FILTER (WHERE ${t} < ${cutoff}) > 0`,
    },
  };
  c.plans.set('history', {
    id: 'history',
    status: 'added',
    reason: `the log before its last ${d.days} days, to learn from`,
  });
  c.plans.set('churn_label', {
    id: 'churn_label',
    status: 'added',
    reason: `churned = no purchase in the ${d.days} days before the last date`,
  });
  c.lineage.set('history', { table: d.log, all: true });
  // Scored on features the model was not trained on, share-of-top-category columns (which depend on the period) would not match.
  const featureParams = { ...features.params, topCategories: 0 };
  const now: Step = { ...features, id: `${features.id}_now`, input: d.log, params: featureParams };
  const rewrite = new Map<string, Partial<Step>>([
    [features.id, { input: 'history', params: featureParams }],
    // The sample's feature list names the sample's features: every numeric feature of the user's log instead.
    [
      classifier.id,
      {
        params: {
          ...classifier.params,
          features: undefined,
          labelTable: 'churn_label.data',
          labelKey: 'customer',
          label: 'churned',
          key: customer,
        },
      },
    ],
  ]);
  const score = recipe.steps.find((s) => s.id === d.score);
  if (score) rewrite.set(score.id, { input: now.id });
  const after: Step[] = [];
  const mappedNow = mapStep(c, now);
  if (mappedNow) {
    after.push(mappedNow);
    c.plans.set(now.id, {
      id: now.id,
      status: 'added',
      reason: 'features on the whole log, to score every customer now',
    });
  }
  const added = [c.plans.get('history')!, c.plans.get('churn_label')!, c.plans.get(now.id)!];
  return { before: [history, label], after, rewrite, added };
}

/** The at-risk list from what ran: churn probability, value (CLV, else the customer's amount) and value at risk, segment from RFM. */
function atRiskStep(c: Ctx, step: Step): Step | undefined {
  const score = c.template.derivedLabel?.score ?? 'churn_scores';
  if (c.plans.get(score)?.status === 'skipped' || !c.plans.has(score))
    return skip(c, step.id, `needs '${score}', which is skipped`);
  c.plans.set(step.id, { id: step.id, status: 'runs' });
  const ran = (id: string) => c.plans.get(id)?.status !== 'skipped' && c.plans.has(id);
  const customers = c.mapping.tables.customers;
  const [key, amount] = [col(c, 'customers', 'customer'), col(c, 'customers', 'amount')];
  const joins: string[] = [];
  let value = 'NULL::DOUBLE';
  const entity = 'CAST(s.entity AS VARCHAR)';
  if (ran('value')) {
    joins.push(`LEFT JOIN value.clv v ON v.customer = ${entity}`);
    value = 'v.clv';
  } else if (customers && key && amount) {
    joins.push(`LEFT JOIN ${ident(customers)} c ON CAST(c.${ident(key)} AS VARCHAR) = ${entity}`);
    value = `TRY_CAST(c.${ident(amount)} AS DOUBLE)`;
  }
  let segment = 'NULL::VARCHAR';
  if (ran('rfm')) {
    joins.push(`LEFT JOIN rfm.rfm r ON r.customer = ${entity}`);
    segment = 'r.segment';
  }
  const query =
    `SELECT ${entity} AS customer, round(s.score, 4) AS churn_probability, round(${value}, 2) AS value, ` +
    `round(s.score * ${value}, 2) AS value_at_risk, ${segment} AS segment FROM ${ident(score)}.predictions s ${joins.join(' ')} ` +
    `ORDER BY value_at_risk DESC NULLS LAST, churn_probability DESC, customer`;
  return { ...step, input: undefined, params: { query } };
}
