import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';

/**
 * The hand-written description of what Terragrunt would resolve for a foreign Terragrunt tree
 * (__tests__/fixtures/terragrunt-<style>/resolved/): what the accounts hold before the first run,
 * and per unit its module, backend, generated files, dependencies and inputs. Written by reading
 * the tree as Terragrunt would, never by lib/migration, so the migration's reader can be checked
 * against it. The layout is documented in each tree's README.md.
 */

const tags = z.record(z.string(), z.string());

const environmentSchema = z
  .object({
    name: z.string().min(1),
    region: z.string().min(1),
    state: z
      .object({ bucket: z.string().min(1), region: z.string().min(1), dynamodb_table: z.string().min(1).optional() })
      .strict(),
    network: z
      .object({
        vpc_cidr: z.string(),
        private_subnets: z.number().int().min(1),
        vpc_tags: tags,
        subnet_tags: tags,
      })
      .strict(),
  })
  .strict();

const accountSchema = z.object({ description: z.string(), environments: z.array(environmentSchema).min(1) }).strict();

const hookSchema = z
  .object({ commands: z.array(z.string()), execute: z.array(z.string()).min(1), run_on_error: z.boolean().optional() })
  .strict();

const unitSchema = z
  .object({
    terraform: z
      .object({
        source: z.string().min(1),
        extra_arguments: z
          .record(z.string(), z.object({ commands: z.array(z.string()), arguments: z.array(z.string()) }).strict())
          .default({}),
        before_hook: z.record(z.string(), hookSchema).default({}),
        after_hook: z.record(z.string(), hookSchema).default({}),
      })
      .strict(),
    remote_state: z
      .object({
        backend: z.literal('s3'),
        generate: z.object({ path: z.string(), if_exists: z.string() }).strict(),
        config: z
          .object({
            bucket: z.string().min(1),
            key: z.string().min(1),
            region: z.string().min(1),
            encrypt: z.boolean(),
            dynamodb_table: z.string().min(1).optional(),
            use_lockfile: z.boolean().optional(),
          })
          .strict(),
      })
      .strict(),
    generate: z.record(
      z.string(),
      z.object({ path: z.string().min(1), if_exists: z.string(), contents: z.string() }).strict(),
    ),
    dependency: z.record(z.string(), z.object({ config_path: z.string().min(1) }).strict()).default({}),
    inputs: z.record(z.string(), z.unknown()),
  })
  .strict();

/** An environment's prerequisites: state bucket, lock table and the network its units look up by tag. */
export type ForeignEnvironment = z.infer<typeof environmentSchema>;
/** One unit as Terragrunt resolves it, references to upstream outputs still unresolved. */
export type ForeignUnitDescription = z.infer<typeof unitSchema>;
/** The unit's S3 backend settings, as remote_state generates them into backend.tf. */
export type ForeignBackend = ForeignUnitDescription['remote_state']['config'];

/** A unit of a foreign tree, with where it lives. */
export interface ForeignUnit {
  /** Path of the unit's folder relative to live/, such as nonprod/eu-west-1/dev/iam-roles. */
  readonly path: string;
  /** The unit's folder (holding its terragrunt.hcl). */
  readonly liveDir: string;
  /** Dependency name to the upstream unit's path (relative to live/). */
  readonly dependencies: ReadonlyMap<string, string>;
  /** What Terragrunt resolves for it. */
  readonly description: ForeignUnitDescription;
}

/** A foreign tree and its description. */
export interface ForeignTree {
  /** The tree's folder (holding live/, modules/ and resolved/). */
  readonly root: string;
  /** What the accounts hold before the first run, per environment. */
  readonly environments: readonly ForeignEnvironment[];
  /** Every unit, by path relative to live/. */
  readonly units: ReadonlyMap<string, ForeignUnit>;
}

/**
 * Reads `<treeRoot>/resolved/`: account.json and units/<unit path>.json, one per terragrunt.hcl
 * under live/ (other than the root's). Throws when a unit has no description or a description no
 * unit, when a dependency names a unit that does not exist, and on any file that breaks the schema.
 */
export function readForeignTree(treeRoot: string): ForeignTree {
  const root = path.resolve(treeRoot);
  const account = parseFile(path.join(root, 'resolved', 'account.json'), accountSchema);
  const described = listFiles(path.join(root, 'resolved', 'units'), '.json').map((file) =>
    file.slice(0, -'.json'.length),
  );
  const live = listFiles(path.join(root, 'live'), 'terragrunt.hcl')
    .map((file) => path.posix.dirname(file))
    .filter((dir) => dir !== '.');
  const undescribed = live.filter((unit) => !described.includes(unit));
  const orphans = described.filter((unit) => !live.includes(unit));
  if (undescribed.length > 0 || orphans.length > 0)
    throw new Error(
      `${root}: units without a description in resolved/units: [${undescribed.join(', ')}]; ` +
        `descriptions without a unit under live/: [${orphans.join(', ')}]`,
    );
  const units = new Map<string, ForeignUnit>();
  for (const unitPath of described.sort()) {
    const description = parseFile(path.join(root, 'resolved', 'units', `${unitPath}.json`), unitSchema);
    const dependencies = new Map(
      Object.entries(description.dependency).map(([name, { config_path }]) => {
        const upstream = path.posix.normalize(path.posix.join(unitPath, config_path));
        if (!described.includes(upstream))
          throw new Error(`${root}: ${unitPath} depends on ${config_path} (${upstream}), which is not a unit`);
        return [name, upstream] as const;
      }),
    );
    units.set(unitPath, { path: unitPath, liveDir: path.join(root, 'live', unitPath), dependencies, description });
  }
  return { root, environments: account.environments, units };
}

/** Outputs of an applied unit (`terraform output -json`, values only), by output name. */
export type UnitOutputs = Readonly<Record<string, unknown>>;

const REFERENCE = /\$\{([^}]*)\}/g;
const DEPENDENCY_OUTPUT =
  /^dependency\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*|\["[^"]*"\]|\[\d+\])*)$/;
const STEP = /\.([A-Za-z_][\w-]*)|\["([^"]*)"\]|\[(\d+)\]/g;

/**
 * Resolves the references in a unit's inputs the way Terragrunt evaluates them: `${tree}` is the
 * tree's folder (Terragrunt passes absolute paths), `${dependency.<name>.outputs.<output>...}`
 * an upstream output (a string that is one reference keeps the output's type), and
 * `{"$templatefile": <file relative to the tree>, "vars": {...}}` renders the file with `${var}`
 * interpolations only, as templatefile() does for such a file.
 */
export function resolveInputs(
  unit: ForeignUnit,
  treeRoot: string,
  upstreamOutputs: (dependency: string) => UnitOutputs,
): Record<string, unknown> {
  const where = (key: string) => `${unit.path}: inputs.${key}`;
  const resolveReference = (expression: string, at: string): unknown => {
    if (expression === 'tree') return treeRoot;
    const match = DEPENDENCY_OUTPUT.exec(expression);
    if (!match) throw new Error(`${at}: unknown reference \${${expression}}`);
    const [, dependency, output, steps] = match;
    if (!unit.dependencies.has(dependency!)) throw new Error(`${at}: no dependency "${dependency}"`);
    const outputs = upstreamOutputs(dependency!);
    if (!(output! in outputs)) throw new Error(`${at}: ${dependency} has no output "${output}"`);
    let value: unknown = outputs[output!];
    for (const step of steps!.matchAll(STEP)) {
      const key = step[1] ?? step[2] ?? Number(step[3]);
      if (value === null || typeof value !== 'object' || !(key in value))
        throw new Error(`${at}: ${expression} has no ${JSON.stringify(key)}`);
      value = (value as Record<string | number, unknown>)[key];
    }
    return value;
  };
  const resolveString = (text: string, at: string): unknown => {
    const whole = /^\$\{([^}]*)\}$/.exec(text);
    if (whole) return resolveReference(whole[1]!, at);
    return text.replace(REFERENCE, (_, expression: string) => interpolated(resolveReference(expression, at), at));
  };
  const resolve = (value: unknown, at: string): unknown => {
    if (typeof value === 'string') return resolveString(value, at);
    if (Array.isArray(value)) return value.map((item, index) => resolve(item, `${at}[${index}]`));
    if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if ('$templatefile' in record) return renderTemplate(record, treeRoot, at, resolve);
      return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, resolve(item, `${at}.${key}`)]));
    }
    return value;
  };
  return Object.fromEntries(
    Object.entries(unit.description.inputs).map(([key, value]) => [key, resolve(value, where(key))]),
  );
}

/** Resolves `${tree}` in a hook's or other plain string. */
export function resolveTreePath(text: string, treeRoot: string): string {
  return text.replace(/\$\{tree\}/g, () => treeRoot);
}

function renderTemplate(
  record: Record<string, unknown>,
  treeRoot: string,
  at: string,
  resolve: (value: unknown, at: string) => unknown,
): string {
  const file = record.$templatefile;
  const vars = record.vars ?? {};
  if (typeof file !== 'string' || typeof vars !== 'object' || vars === null)
    throw new Error(`${at}: $templatefile takes a file name and a vars object`);
  const values = resolve(vars, `${at}.vars`) as Record<string, unknown>;
  const template = fs.readFileSync(path.join(treeRoot, file), 'utf8');
  if (template.includes('%{'))
    throw new Error(`${at}: ${file} has template directives, which this harness does not render`);
  return template
    .split('$${')
    .map((part) =>
      part.replace(REFERENCE, (_, name: string) => {
        if (!(name in values)) throw new Error(`${at}: ${file} interpolates \${${name}}, which vars does not set`);
        return interpolated(values[name], at);
      }),
    )
    .join('${');
}

function interpolated(value: unknown, at: string): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`${at}: cannot interpolate ${JSON.stringify(value)} into a string`);
}

function parseFile<T>(file: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Files under `dir` (posix paths relative to it) whose name ends with `suffix`, skipping dot folders. */
function listFiles(dir: string, suffix: string): string[] {
  const found: string[] = [];
  const walk = (relative: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith(suffix)) found.push(child);
    }
  };
  walk('');
  return found.sort();
}
