/** One environment's settings in the project's format, with its layer names. */
export interface EnvironmentDraft {
  /** Environment name (config/environments/<name>.json). */
  readonly name: string;
  /** Account layer name (config/accounts/<account>.json). */
  readonly account: string;
  /** Region (config/regions/<region>.json). */
  readonly region: string;
  /** Every setting, literal (no placeholders yet). */
  readonly settings: Record<string, unknown>;
  /** batch-json files by name, as this environment's unit had them. */
  readonly batchJson: Readonly<Record<string, Record<string, unknown>>>;
}

/** The files of config/ and batch-json/, relative to the output folder, as JSON values. */
export type ConfigFiles = Record<string, unknown>;

/** Settings that belong to the account layer when every environment of the account agrees. */
const ACCOUNT_PATHS = [
  'account_id',
  'deploy_role_arn',
  'state.bucket',
  'state.region',
  'state.role_arn',
  'state.dynamodb_table',
];
/**
 * Settings that always stay in the environment file. Hooks stay there whole: layers merge them by
 * name, a lower layer's first, which could change the order an environment's units ran them in.
 */
const ENVIRONMENT_PATHS = [
  'environment',
  'account',
  'region',
  'network.vpc_id',
  'network.private_subnet_ids',
  'state.keys',
  'batch_json',
  'dependencies',
  'adoption',
  'hooks',
];
/** Settings never turned into placeholders (they define them). */
const LITERAL_PATHS = [
  'environment',
  'account',
  'region',
  'account_id',
  'project',
  'name_prefix',
  'state.region',
  'state.key_template',
  'state.keys',
];

/**
 * Writes the drafts as the project's layers: what every environment agrees on goes to
 * defaults.json, account settings to accounts/<account>.json, the rest to environments/<name>.json.
 * Literal names become `{prefix}`, `{account_id}` and `{region}` placeholders, so one default
 * serves every environment (the loader expands them back to exactly the same strings).
 */
export function layerConfiguration(drafts: readonly EnvironmentDraft[]): ConfigFiles {
  const templated = drafts.map((draft) => ({
    draft,
    settings: templateSettings(draft),
    batchJson: Object.fromEntries(
      Object.entries(draft.batchJson).map(([file, doc]) => [file, templateValue(doc, scopeOf(draft), [])]),
    ),
  }));
  const files: ConfigFiles = {};
  const leaves = templated.map((t) => flatten(t.settings));
  const allPaths = [...new Set(leaves.flatMap((l) => [...l.keys()]))].sort();
  const defaults: Record<string, unknown> = {};
  const accounts = new Map<string, Record<string, unknown>>();
  const environments = templated.map(() => ({}) as Record<string, unknown>);
  for (const leaf of allPaths) {
    const values = leaves.map((l) => l.get(leaf));
    const same = values.every((v) => v !== undefined && JSON.stringify(v) === JSON.stringify(values[0]));
    if (ENVIRONMENT_PATHS.some((p) => leaf === p || leaf.startsWith(`${p}.`))) {
      values.forEach((v, i) => v !== undefined && setPath(environments[i]!, leaf, v));
    } else if (ACCOUNT_PATHS.includes(leaf)) {
      const byAccount = new Map<string, unknown[]>();
      templated.forEach((t, i) =>
        byAccount.set(t.draft.account, [...(byAccount.get(t.draft.account) ?? []), values[i]]),
      );
      templated.forEach((t, i) => {
        const accountValues = byAccount.get(t.draft.account)!;
        const agreed = accountValues.every(
          (v) => v !== undefined && JSON.stringify(v) === JSON.stringify(accountValues[0]),
        );
        if (agreed)
          setPath(
            accounts.get(t.draft.account) ?? accounts.set(t.draft.account, {}).get(t.draft.account)!,
            leaf,
            values[i],
          );
        else if (values[i] !== undefined) setPath(environments[i]!, leaf, values[i]);
      });
    } else if (same) {
      setPath(defaults, leaf, values[0]);
    } else {
      values.forEach((v, i) => v !== undefined && setPath(environments[i]!, leaf, v));
    }
  }
  files['config/defaults.json'] = defaults;
  for (const [account, settings] of accounts) files[`config/accounts/${account}.json`] = settings;
  for (const region of new Set(drafts.map((d) => d.region))) files[`config/regions/${region}.json`] = {};
  templated.forEach((t, i) => {
    files[`config/environments/${t.draft.name}.json`] = environments[i];
  });

  // batch-json: the first environment's files are shared; the others override what differs.
  const first = templated[0];
  if (first) {
    for (const [file, doc] of Object.entries(first.batchJson)) files[`batch-json/${file}`] = doc;
    templated.slice(1).forEach((t, i) => {
      for (const [file, doc] of Object.entries(t.batchJson)) {
        const difference = overrideOf(first.batchJson[file] ?? {}, doc);
        if (difference === undefined) continue;
        const environment = environments[i + 1]!;
        const overrides = (environment.batch_json ?? (environment.batch_json = {})) as Record<string, unknown>;
        overrides[file] = {
          ...(overrides[file] as Record<string, unknown> | undefined),
          ...(difference as Record<string, unknown>),
        };
      }
    });
  }
  return files;
}

interface TemplateScope {
  readonly prefix?: string;
  readonly accountId?: string;
  readonly region?: string;
  readonly environment: string;
}

function scopeOf(draft: EnvironmentDraft): TemplateScope {
  const s = draft.settings;
  return {
    ...(typeof s.name_prefix === 'string' ? { prefix: s.name_prefix } : {}),
    ...(typeof s.account_id === 'string' ? { accountId: s.account_id } : {}),
    region: draft.region,
    environment: draft.name,
  };
}

function templateSettings(draft: EnvironmentDraft): Record<string, unknown> {
  const scope = scopeOf(draft);
  const settings = templateValue(draft.settings, scope, []) as Record<string, unknown>;
  if (
    typeof draft.settings.project === 'string' &&
    draft.settings.name_prefix === `${draft.settings.project}-${draft.name}`
  )
    settings.name_prefix = '{project}-{environment}';
  return settings;
}

/**
 * Literal prefix, account id and region inside strings become placeholders; a whole value equal to the environment's
 * name becomes `{environment}`.
 */
function templateValue(value: unknown, scope: TemplateScope, path: readonly string[]): unknown {
  const at = path.join('.');
  if (typeof value === 'string') {
    if (LITERAL_PATHS.includes(at) || at.startsWith('state.keys.')) return value;
    if (value === scope.environment && path[0] === 'tags') return '{environment}';
    let out = value;
    if (scope.accountId) out = out.split(scope.accountId).join('{account_id}');
    if (scope.prefix) out = out.split(scope.prefix).join('{prefix}');
    if (scope.region) out = out.split(scope.region).join('{region}');
    return out;
  }
  if (Array.isArray(value)) return value.map((item) => templateValue(item, scope, path));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, templateValue(v, scope, [...path, k])]));
  return value;
}

/** Leaf paths (objects walked, arrays and scalars as leaves) and their values. */
function flatten(value: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, item] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (
      item !== null &&
      typeof item === 'object' &&
      !Array.isArray(item) &&
      Object.keys(item).length > 0 &&
      !ENVIRONMENT_PATHS.includes(path)
    ) {
      for (const [k, v] of flatten(item as Record<string, unknown>, path)) out.set(k, v);
    } else {
      out.set(path, item);
    }
  }
  return out;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let current = target;
  for (const part of parts.slice(0, -1)) current = (current[part] ?? (current[part] = {})) as Record<string, unknown>;
  current[parts[parts.length - 1]!] = value;
}

/** What `next` changes in `base` as a layer override (objects by key, the rest whole); undefined when nothing. */
function overrideOf(base: unknown, next: unknown): unknown {
  if (JSON.stringify(base) === JSON.stringify(next)) return undefined;
  if (
    base === null ||
    next === null ||
    typeof base !== 'object' ||
    typeof next !== 'object' ||
    Array.isArray(base) ||
    Array.isArray(next)
  )
    return next;
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(base), ...Object.keys(next)])) {
    const b = (base as Record<string, unknown>)[key];
    const n = (next as Record<string, unknown>)[key];
    // null removes a key an earlier layer set (the loader's merge rule).
    if (n === undefined) out[key] = null;
    else {
      const difference = overrideOf(b, n);
      if (difference !== undefined) out[key] = difference;
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
