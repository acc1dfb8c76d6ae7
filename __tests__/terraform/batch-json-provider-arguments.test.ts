import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ZodType } from 'zod';
import { LaunchTemplateSchema } from '../../lib/configuration/schemas/launch-template-schema';
import { logGroupsSchemaFor } from '../../lib/configuration/schemas/log-groups-schema';
import { knownKeysAt } from '../../lib/configuration/zod-problems';
import { loadResourceSchemas, type SchemaBlock } from '../../lib/migration/provider-schema';
import { runSynth } from '../../lib/synthesis/synth-process';
import { StackWorkspace } from '../../lib/terraform-cli/stack-workspace';
import { terraformEnvironment } from '../../lib/terraform-cli/terraform-cli-config';
import { runTerraform } from '../../lib/terraform-cli/terraform-process';
import { ConfigFixture, PROJECT_ROOT } from '../support/config-fixture';

jest.setTimeout(180_000);

/** batch-json files in the shapes teams' Terragrunt trees hold them. */
const STYLES = path.join(__dirname, '..', 'fixtures', 'batch-json-styles');
const style = (file: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(STYLES, file), 'utf8')) as Record<string, unknown>;

/** Top-level keys of launch-template.json that are the platform's, not the provider's, and why. */
const PLATFORM_KEYS = {
  terraform_name: 'the Terraform address name',
  user_data_file: 'user data read from config/ and encoded by the stack',
  instance_tags: 'tag_specifications for instances and volumes, written short',
};
/** Provider attributes that are no arguments: set by the provider, or Terraform's own. */
const NOT_ARGUMENTS = ['id', 'tags_all'];
/** The provider's nullable booleans: strings "true"/"false" in Terraform, booleans in batch-json. */
const NULLABLE_BOOLEANS = [
  'ebs_optimized',
  'encrypted',
  'delete_on_termination',
  'associate_public_ip_address',
  'associate_carrier_ip_address',
  'primary_ipv6',
];

/** A path as the tests print it: `network_interfaces[].security_groups`. */
const render = (at: readonly (string | number)[]): string =>
  at
    .map((s) => (typeof s === 'number' ? '[]' : `.${s}`))
    .join('')
    .slice(1);

/** A provider block's arguments by path, as batch-json nests them: a block allowed once as an object. */
function providerArguments(block: SchemaBlock, at: (string | number)[] = []): Map<string, (string | number)[]> {
  const found = new Map<string, (string | number)[]>();
  const attributes = Object.entries(block.attributes ?? {}).filter(
    ([name, attribute]) =>
      (attribute.optional || attribute.required) && !(at.length === 0 && NOT_ARGUMENTS.includes(name)),
  );
  for (const [name] of attributes) found.set(render([...at, name]), [...at, name]);
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const once = (nested as { max_items?: number }).max_items === 1;
    const inner = once ? [...at, name] : [...at, name, 0];
    found.set(render([...at, name]), [...at, name]);
    for (const [key, value] of providerArguments(nested.block, inner)) found.set(key, value);
  }
  return found;
}

/** The keys a batch-json schema takes, by the same paths. */
function schemaKeys(schema: ZodType, block: SchemaBlock, at: (string | number)[] = []): string[] {
  const keys = knownKeysAt(schema, at).map((key) => render([...at, key]));
  const nested = Object.entries(block.block_types ?? {}).flatMap(([name, type]) => {
    const once = (type as { max_items?: number }).max_items === 1;
    return schemaKeys(schema, type.block, once ? [...at, name] : [...at, name, 0]);
  });
  return [...keys, ...nested];
}

/** The zod type at a path (objects, arrays and records entered; optional and pipes unwrapped). */
function zodTypeAt(schema: ZodType, at: readonly (string | number)[]): string {
  const defOf = (node: unknown): Record<string, unknown> =>
    (node as { _zod: { def: Record<string, unknown> } })._zod.def;
  const unwrap = (node: unknown): unknown => {
    for (let def = defOf(node); ; def = defOf(node)) {
      if (['optional', 'default', 'nullable'].includes(def.type as string)) node = def.innerType;
      else if (def.type === 'pipe') node = def.in;
      else return node;
    }
  };
  let node: unknown = unwrap(schema);
  for (const segment of at) {
    const def = defOf(node);
    const next = def.type === 'object' ? (def.shape as Record<string, unknown>)[segment] : def.element;
    if (next === undefined) return 'no key';
    node = unwrap(next);
  }
  return defOf(node).type as string;
}

/** The zod types that take a value of a provider attribute type. */
function zodTypesFor(type: unknown, name: string): string[] {
  if (type === 'string') return NULLABLE_BOOLEANS.includes(name) ? ['boolean'] : ['string', 'enum', 'never'];
  if (type === 'number') return ['number'];
  if (type === 'bool') return ['boolean'];
  if (Array.isArray(type) && (type[0] === 'set' || type[0] === 'list')) return ['array'];
  if (Array.isArray(type) && type[0] === 'map') return ['record'];
  return [];
}

describe("batch-json's keys are the provider's arguments (hashicorp/aws, read once and cached)", () => {
  let schemas: Map<string, SchemaBlock>;
  beforeAll(async () => {
    schemas = new Map(
      await loadResourceSchemas(
        { aws: { source: 'aws', version: '5.100.0' } },
        ['aws_launch_template', 'aws_cloudwatch_log_group'],
        terraformEnvironment(PROJECT_ROOT),
        path.join(PROJECT_ROOT, '.tf-cache'),
      ),
    );
  });

  test('launch-template.json takes every argument of aws_launch_template, nested as the provider nests them', () => {
    const block = schemas.get('aws_launch_template')!;
    const expected = [...providerArguments(block).keys()].sort();
    const taken = schemaKeys(LaunchTemplateSchema, block)
      .filter((key) => !(key in PLATFORM_KEYS))
      .sort();
    expect(taken).toEqual(expected);
  });

  test('each argument of aws_launch_template has the type the provider takes', () => {
    const block = schemas.get('aws_launch_template')!;
    const mismatches = [...providerArguments(block).values()].flatMap((at) => {
      const attribute = at.reduce<{ block?: SchemaBlock; type?: unknown }>(
        (node, segment) =>
          typeof segment === 'number'
            ? node
            : node.block?.attributes?.[segment]
              ? { type: node.block.attributes[segment]!.type }
              : { block: node.block?.block_types?.[segment]?.block },
        { block },
      );
      if (attribute.type === undefined) return [];
      const name = String(at[at.length - 1]);
      const found = zodTypeAt(LaunchTemplateSchema, at);
      return zodTypesFor(attribute.type, name).includes(found)
        ? []
        : [`${render(at)}: ${JSON.stringify(attribute.type)} in the provider, ${found} in batch-json`];
    });
    expect(mismatches).toEqual([]);
  });

  test('log-groups.json takes every argument of aws_cloudwatch_log_group, in both forms', () => {
    const block = schemas.get('aws_cloudwatch_log_group')!;
    const expected = [...providerArguments(block).keys()].sort();
    for (const value of [{}, { log_groups: {} }]) {
      const { schema, at } = logGroupsSchemaFor(value);
      expect(knownKeysAt(schema, [...at, 'group']).sort()).toEqual(expected);
    }
  });
});

// The real provider validates every argument while it plans (ranges, enums, conflicts), and plans a
// launch template without AWS: one offline plan of the batch stack proves the JSON the platform writes
// from batch-json is what hashicorp/aws takes.
describe("launch templates and log groups using the new arguments pass the real provider's validation and plan", () => {
  const fixture = ConfigFixture.copy();
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-json-plan-'));
  const env = terraformEnvironment(PROJECT_ROOT);
  const stackDir = path.join(outdir, 'stacks', 'dev-batch');
  const plan = (): ReturnType<typeof runTerraform> =>
    runTerraform(['plan', '-refresh=false', '-lock=false', '-input=false', '-no-color'], { cwd: stackDir, env });
  const everyArgument = style('every-argument-launch-templates.json').launch_templates as Record<string, unknown>;

  beforeAll(async () => {
    fixture.write(
      'batch-json/launch-template.json',
      JSON.stringify({
        launch_templates: { launch_template: style('team-launch-template.json'), ...everyArgument },
      }),
    );
    fixture.write('batch-json/log-groups.json', JSON.stringify(style('every-argument-log-groups.json')));
    runSynth({ projectRoot: PROJECT_ROOT, mode: 'offline', outdir, environments: ['dev'], configRoot: fixture.root });
    await new StackWorkspace({ name: 'dev-batch', directory: stackDir, env }).init();
  });
  afterAll(() => {
    fixture.dispose();
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test("the team's template, the three setting every argument and the log groups are planned", async () => {
    const result = await plan();
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    for (const name of ['launch_template', ...Object.keys(everyArgument)])
      expect(result.stdout).toContain(`# aws_launch_template.${name} will be created`);
    for (const name of ['batch_validation', 'batch_processing'])
      expect(result.stdout).toContain(`# aws_cloudwatch_log_group.${name} will be created`);
    expect(result.stdout).toMatch(/instance_type\s+= "c5\.4xlarge"/);
    expect(result.stdout).toMatch(/skip_destroy\s+= true/);
  });

  test("the provider refuses a throughput above batch-json's 1000, so the plan above checked values", async () => {
    const file = path.join(stackDir, 'cdk.tf.json');
    const stack = JSON.parse(fs.readFileSync(file, 'utf8'));
    stack.resource.aws_launch_template.instance_type_and_interfaces.block_device_mappings[0].ebs.throughput = 1001;
    fs.writeFileSync(file, JSON.stringify(stack));
    // validate runs the same argument checks as plan, without configuring the provider or diffing.
    const result = await runTerraform(['validate', '-no-color'], { cwd: stackDir, env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr.replace(/\s+/g, ' ')).toContain('throughput to be in the range (125 - 1000), got 1001');
  });
});
