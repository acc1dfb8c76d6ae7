import {
  type EvaluationContext,
  evaluateExpression,
  evaluateJsonValue,
  hclTemplateSource,
  LazyObject,
} from '../../../lib/migration/hcl-expression';
import { DependencyOutput, HclEvaluationError, type HclValue, Untranslatable } from '../../../lib/migration/hcl-values';

/** What the expressions of these tables may name. */
const CONTEXT: EvaluationContext = {
  file: 'live/dev/batch/terragrunt.hcl',
  roots: {
    local: new LazyObject(async (key) => LOCALS[key], 'local'),
    include: { root: { locals: { project: 'gss', tags: { Team: 'data' } } } },
    dependency: { iam: {} },
    count: 3,
  },
  functions: async (name, args) => {
    if (name === 'get_terragrunt_dir') return '/live/dev/batch';
    if (name === 'run_cmd') return new Untranslatable(`run_cmd(${JSON.stringify(args)}) needs a command run`);
    return undefined;
  },
};

const LOCALS: Record<string, HclValue> = {
  environment: 'dev',
  prefix: 'gss-dev',
  ports: [443, 9098],
  sizes: { small: 1, large: 8 },
  enabled: true,
  empty: '',
  nothing: null,
};

describe('the HCL evaluator: one expression, one value', () => {
  test.each<[string, HclValue]>([
    // Literals and templates.
    ['42', 42],
    ['"plain"', 'plain'],
    ['true', true],
    ['null', null],
    ['"${local.prefix}-queue"', 'gss-dev-queue'],
    ['"${local.environment}"', 'dev'],
    ['"tabs\\tand \\"quotes\\""', 'tabs\tand "quotes"'],
    ['"$${not.interpolated}"', '${not.interpolated}'],
    ['"%{if local.enabled}on%{else}off%{endif}"', 'on'],
    // Traversals and indexes.
    ['local.ports[1]', 9098],
    ['local.sizes["large"]', 8],
    ['local.sizes.small', 1],
    ['include.root.locals.tags.Team', 'data'],
    // Collections.
    ['[1, "two", local.environment]', [1, 'two', 'dev']],
    [
      '{ name = local.prefix, "quoted-key" = 1, (local.environment) = 2 }',
      { name: 'gss-dev', 'quoted-key': 1, dev: 2 },
    ],
    // Operators.
    ['1 + 2 * 3', 7],
    ['10 / 4', 2.5],
    ['7 % 3', 1],
    ['-local.ports[0]', -443],
    ['local.environment == "dev"', true],
    ['local.environment != "dev"', false],
    ['!local.enabled', false],
    ['local.enabled && local.ports[0] > 100', true],
    ['local.ports[0] >= 443 || false', true],
    ['local.environment == "prod" ? "large" : "small"', 'small'],
    // For expressions, in key order for objects, with conditions and grouping.
    ['[for p in local.ports : p + 1]', [444, 9099]],
    ['{ for k, v in local.sizes : k => v * 2 }', { large: 16, small: 2 }],
    ['[for k, v in local.sizes : k if v > 2]', ['large']],
    ['{ for p in local.ports : (p > 1000 ? "high" : "low") => p... }', { low: [443], high: [9098] }],
    // Terraform's functions.
    ['merge({ a = 1 }, null, { b = 2 })', { a: 1, b: 2 }],
    ['lookup(local.sizes, "medium", 4)', 4],
    ['concat(local.ports, [22])', [443, 9098, 22]],
    ['length(local.prefix)', 7],
    ['keys(local.sizes)', ['large', 'small']],
    ['coalesce(local.empty, local.nothing, "fallback")', 'fallback'],
    ['join("-", ["a", "b"])', 'a-b'],
    ['format("%s-%03d", local.prefix, 7)', 'gss-dev-007'],
    ['replace(local.prefix, "-", "_")', 'gss_dev'],
    ['upper(local.environment)', 'DEV'],
    ['jsonencode({ b = 1, a = [true] })', '{"a":[true],"b":1}'],
    ['jsondecode("{\\"x\\": [1, 2]}")', { x: [1, 2] }],
    ['merge([{ a = 1 }, { b = 2 }]...)', { a: 1, b: 2 }],
    ['try(local.sizes.huge, "none")', 'none'],
    ['can(local.sizes.huge)', false],
    ['can(local.sizes.large)', true],
    // Terragrunt's own functions come from the context.
    ['"${get_terragrunt_dir()}/batch-json"', '/live/dev/batch/batch-json'],
  ])('%s', async (source, expected) => {
    expect(await evaluateExpression(source, CONTEXT)).toEqual(expected);
  });
});

describe('the HCL evaluator: what cannot be known statically, and mistakes', () => {
  test('a dependency output stays a reference, with its path', async () => {
    const value = await evaluateExpression('dependency.iam.outputs.role_arns["batch"]', CONTEXT);
    expect(value).toBeInstanceOf(DependencyOutput);
    expect(String(value)).toBe('dependency.iam.outputs.role_arns.batch');
  });

  test.each<[string, RegExp]>([
    ['run_cmd("whoami")', /run_cmd\(\["whoami"\]\) needs a command run/],
    ['"user ${run_cmd("whoami")}"', /needs a command run/],
    ['"arn ${dependency.iam.outputs.arn}"', /dependency\.iam\.outputs\.arn inside the string/],
    ['run_cmd("x") == "y" ? 1 : 2', /not known statically/],
    ['[for x in run_cmd("ls") : x]', /the collection of .* is not known statically/],
  ])('%s is untranslatable, and says why', async (source, reason) => {
    const value = await evaluateExpression(source, CONTEXT);
    expect(value).toBeInstanceOf(Untranslatable);
    expect((value as Untranslatable).reason).toMatch(reason);
  });

  test.each<[string, RegExp]>([
    ['local.missing', /local has no attribute "missing"/],
    ['local.sizes.huge', /no key "huge" \(keys: small, large\)/],
    ['local.ports[5]', /index 5 out of range \(2 elements\)/],
    ['unknown.thing', /names "unknown", which is not available here/],
    ['dependency.network.outputs.vpc_id', /names the dependency "network", which no dependency block declares/],
    ['{ for p in [1, 1] : "k" => p }', /duplicate key "k"/],
    ['lookup({}, "k")', /no key "k"/],
    ['try(local.missing, local.also_missing)', /no argument of .* could be evaluated/],
    ['local.ports[', /cannot parse/],
  ])('%s is an error naming the file', async (source, message) => {
    const error = await evaluateExpression(source, CONTEXT).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(HclEvaluationError);
    expect(error!.message).toMatch(/^live\/dev\/batch\/terragrunt\.hcl: /);
    expect(error!.message).toMatch(message);
  });

  test('a local that refers to itself is reported by the object computing it, never looped on', async () => {
    let depth = 0;
    const cyclic: EvaluationContext = {
      file: 'cycle.hcl',
      roots: {
        local: new LazyObject(async (key) => {
          if (++depth > 5) throw new HclEvaluationError('cycle.hcl: local.a depends on itself');
          return key === 'a' ? evaluateExpression('local.a', cyclic) : undefined;
        }, 'local'),
      },
    };
    await expect(evaluateExpression('local.a', cyclic)).rejects.toThrow(/depends on itself/);
  });
});

describe('values as hcl2json gives them', () => {
  test.each<[unknown, HclValue]>([
    ['no interpolation', 'no interpolation'],
    ['${local.prefix}', 'gss-dev'],
    [
      { name: '${local.prefix}-q', ports: ['${local.ports[0]}'] },
      { name: 'gss-dev-q', ports: [443] },
    ],
    [
      [1, true, null],
      [1, true, null],
    ],
    [undefined, null],
  ])('%j', async (value, expected) => {
    expect(await evaluateJsonValue(value, CONTEXT)).toEqual(expected);
  });

  test.each<[string, string]>([
    ['plain', '"plain"'],
    ['say "hi"\n', '"say \\"hi\\"\\n"'],
    ['${local.a}-${upper("b")}', '"${local.a}-${upper("b")}"'],
    ['$${kept} and %%{kept}', '"$${kept} and %%{kept}"'],
  ])('%j as HCL template source', (text, source) => {
    expect(hclTemplateSource(text)).toBe(source);
  });
});
