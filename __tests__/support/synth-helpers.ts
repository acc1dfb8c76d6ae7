import { Testing } from 'cdktf';
import { buildEnvironmentStacks, loadConfiguration, type Module } from '../../main';
import type { EnvironmentConfig } from '../../lib/configuration/platform-config';
import type { SynthTarget } from '../../lib/deployment/synth-target';
import { PROJECT_ROOT } from './config-fixture';

/** The shipped configuration of one environment. */
export function shippedEnvironment(name = 'dev', root = PROJECT_ROOT): EnvironmentConfig {
  return loadConfiguration({ root, environments: [name] }).environments[0]!;
}

/** One environment's stacks synthesized in memory: the JSON text of each, by module. */
export function synthEnvironment(
  environment: EnvironmentConfig,
  target: SynthTarget = { mode: 'offline' },
): Record<Module, string> {
  const app = Testing.app({ stackTraces: false });
  const stacks = buildEnvironmentStacks(app, environment, target);
  return Object.fromEntries(Object.entries(stacks).map(([module, stack]) => [module, Testing.synth(stack)])) as Record<
    Module,
    string
  >;
}

/** One block of Terraform JSON (a resource, an output, the terraform block): its arguments by name. */
export type TerraformBlock = Readonly<Record<string, unknown>>;

/** Blocks by type and name, as `resource` and `data` hold them. */
export type BlocksByType = Readonly<Record<string, Readonly<Record<string, TerraformBlock>>>>;

/** A synthesized stack's Terraform JSON, the parts tests read. */
export interface TerraformJson {
  /** Managed resources by type and name. */
  readonly resource: BlocksByType;
  /** Data sources by type and name. */
  readonly data: BlocksByType;
  /** Outputs by name. */
  readonly output: Readonly<Record<string, TerraformBlock>>;
  /** Provider blocks by provider name. */
  readonly provider: Readonly<Record<string, readonly TerraformBlock[]>>;
  /** Backend, required providers and version. */
  readonly terraform: TerraformBlock;
  /** Local values. */
  readonly locals: TerraformBlock;
  /** Check blocks by name. */
  readonly check: Readonly<Record<string, TerraformBlock>>;
  /** cdktf's and the platform's metadata. */
  readonly '//': TerraformBlock;
  /** moved blocks (resources adopted from another address). */
  readonly moved: readonly TerraformBlock[];
  /** import blocks (resources adopted from the account). */
  readonly import: readonly TerraformBlock[];
  /** removed blocks (resources the state forgets). */
  readonly removed: readonly TerraformBlock[];
}

/** The parsed Terraform JSON of one synthesized stack. */
export function parsed(json: string): TerraformJson {
  return JSON.parse(json) as TerraformJson;
}

/** A nested block or object of Terraform JSON; fails the test when the value is not an object. */
export function block(value: unknown): TerraformBlock {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`expected a JSON object, found ${JSON.stringify(value)}`);
  return value as TerraformBlock;
}

/** A list of Terraform JSON values; fails the test when the value is not an array. */
export function list(value: unknown): readonly unknown[] {
  if (!Array.isArray(value)) throw new Error(`expected a JSON array, found ${JSON.stringify(value)}`);
  return value;
}

/** A string argument (a JSON document, an expression); fails the test when the value is not a string. */
export function text(value: unknown): string {
  if (typeof value !== 'string') throw new Error(`expected a string, found ${JSON.stringify(value)}`);
  return value;
}

/** One statement of an IAM policy document as written in Terraform JSON. */
export interface PolicyStatementJson {
  /** Statement id. */
  readonly Sid?: string;
  /** Allow or Deny. */
  readonly Effect: 'Allow' | 'Deny';
  /** One action or several. */
  readonly Action: string | readonly string[];
  /** One resource or several. */
  readonly Resource: string | readonly string[];
  /** Who, for resource policies. */
  readonly Principal?: unknown;
  /** Conditions by operator and key. */
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** The statements of a policy document argument (an IAM role policy's `policy`, a queue policy). */
export function statementsOf(policy: unknown): readonly PolicyStatementJson[] {
  return (JSON.parse(text(policy)) as { Statement: readonly PolicyStatementJson[] }).Statement;
}

/** The statement of a policy with this Sid; fails the test when there is none. */
export function statementWithSid(statements: readonly PolicyStatementJson[], sid: string): PolicyStatementJson {
  const statement = statements.find((s) => s.Sid === sid);
  if (!statement) throw new Error(`no statement ${sid} among ${statements.map((s) => s.Sid).join(', ')}`);
  return statement;
}

/** The value at a path of object keys and list indexes; fails the test, naming the path, where one is missing. */
export function at(value: unknown, ...path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((current, key, i) => {
    const next = typeof key === 'number' ? list(current)[key] : block(current)[key];
    if (next === undefined) throw new Error(`nothing at ${path.slice(0, i + 1).join('.')}`);
    return next;
  }, value);
}
