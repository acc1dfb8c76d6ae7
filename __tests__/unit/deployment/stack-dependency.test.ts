import { Testing } from 'cdktf';
import { buildEnvironmentStacks, loadConfiguration } from '../../../main';
import { ConfigError, type ConfigProblem } from '../../../lib/configuration/config-error';
import { AdoptionSchema } from '../../../lib/configuration/schemas/adoption-schema';
import type { EnvironmentConfig } from '../../../lib/configuration/platform-config';
import { hclLiteral, MOCK_OUTPUTS_CHECK_PREFIX } from '../../../lib/deployment/stack-dependency';
import type { SynthTarget } from '../../../lib/deployment/synth-target';
import { ConfigFixture } from '../../support/config-fixture';
import { at, block, list, parsed, shippedEnvironment, synthEnvironment } from '../../support/synth-helpers';

const local: SynthTarget = { mode: 'local', localEndpoint: 'http://127.0.0.1:4599', localAccountId: '123456789012' };

/** The shipped dev environment with some dependency settings changed. */
function devWith(dependencies: Partial<EnvironmentConfig['settings']['dependencies']>): EnvironmentConfig {
  const dev = structuredClone(shippedEnvironment('dev')) as EnvironmentConfig;
  Object.assign(dev.settings.dependencies, dependencies);
  return dev;
}

describe('mock outputs, as Terragrunt dependency blocks have them', () => {
  test('offline, every upstream output is its mock: the value predicted from the naming convention', () => {
    const sfn = parsed(synthEnvironment(shippedEnvironment('dev'), { mode: 'offline' })['step-function']);
    expect(sfn.resource.aws_sfn_state_machine.hybrid_router.role_arn).toBe(
      'arn:aws:iam::111111111111:role/gss-dev-scm-batch-processor-sfn-role',
    );
    expect(sfn).not.toHaveProperty('data');
  });

  test('a mock given in config (dependencies.mock_outputs) wins over the predicted one', () => {
    const dev = devWith({ mock_outputs: { 'security-group': { batch_security_group_id: 'sg-0123456789abcdef0' } } });
    const offline = parsed(synthEnvironment(dev, { mode: 'offline' }).batch);
    expect(offline.resource.aws_batch_compute_environment.compute_environment).toMatchObject({
      compute_resources: { security_group_ids: ['sg-0123456789abcdef0'] },
    });
    const real = parsed(synthEnvironment(dev, { mode: 'real' }).batch);
    const environment = real.resource.aws_batch_compute_environment.compute_environment;
    expect(at(environment, 'compute_resources', 'security_group_ids', 0)).toContain(': "sg-0123456789abcdef0"');
  });

  test("on AWS, a read is the upstream state's output once it has outputs, the mock before (no_merge)", () => {
    const batch = parsed(synthEnvironment(shippedEnvironment('dev'), local).batch);
    const ce = batch.resource.aws_batch_compute_environment.compute_environment;
    expect(ce.service_role).toBe(
      '${local.iam_applied ? data.terraform_remote_state.iam[0].outputs.batch_service_role_arn' +
        ' : "arn:aws:iam::111111111111:role/gss-dev-scm-batch-processor-batch-role"}',
    );
    expect(block(ce.compute_resources).subnets).toBe(
      '${local.security_group_applied ? data.terraform_remote_state.security_group[0].outputs.private_subnet_ids' +
        ' : ["subnet-0a10000000000d001", "subnet-0a10000000000d002"]}',
    );
    expect(batch.locals.iam_applied).toBe(
      '${try(length(keys(data.terraform_remote_state.iam[0].outputs)) > 0, false)}',
    );
    // terraform_remote_state fails on a missing state object: it is read only when the listing finds it.
    expect(batch.data.aws_s3_objects.iam_state_object).toMatchObject({
      bucket: 'gss-terraform-state-111111111111',
      prefix: 'nonprod/eu-west-1/dev/iam/terraform.tfstate',
      max_keys: 1,
      provider: 'aws.state_bucket',
    });
    expect(batch.data.terraform_remote_state.iam.count).toBe(
      '${contains(data.aws_s3_objects.iam_state_object.keys, ' +
        '"nonprod/eu-west-1/dev/iam/terraform.tfstate") ? 1 : 0}',
    );
    // no_merge: a state that exists but lacks an output fails the plan, with a message that says what to do.
    expect(at(batch.data.terraform_remote_state.iam, 'lifecycle', 'postcondition', 0, 'error_message')).toContain(
      'exists but lacks outputs dev-batch reads',
    );
  });

  test('shallow: a state that exists but lacks an output reads the mock in its place', () => {
    const batch = parsed(synthEnvironment(devWith({ mock_outputs_merge_strategy: 'shallow' }), local).batch);
    expect(batch.resource.aws_batch_compute_environment.compute_environment.service_role).toBe(
      '${local.iam_applied ? try(data.terraform_remote_state.iam[0].outputs.batch_service_role_arn, ' +
        '"arn:aws:iam::111111111111:role/gss-dev-scm-batch-processor-batch-role") ' +
        ': "arn:aws:iam::111111111111:role/gss-dev-scm-batch-processor-batch-role"}',
    );
    expect(batch.data.terraform_remote_state.iam).not.toHaveProperty('lifecycle');
  });

  test('a plan that read any mock is provisional: a check warns, and every resource refuses to be applied', () => {
    const sfn = parsed(synthEnvironment(shippedEnvironment('dev'), local)['step-function']);
    expect(Object.keys(sfn.check).sort()).toEqual([
      `${MOCK_OUTPUTS_CHECK_PREFIX}batch`,
      `${MOCK_OUTPUTS_CHECK_PREFIX}iam`,
      `${MOCK_OUTPUTS_CHECK_PREFIX}sqs`,
    ]);
    expect(at(sfn.check.mock_outputs_of_batch, 'assert', 0)).toMatchObject({
      condition: '${local.batch_complete}',
      error_message: expect.stringMatching(
        /^PROVISIONAL: dev-step-function was planned with mock outputs of dev-batch,/,
      ),
    });
    expect(sfn.locals.batch_complete).toBe(
      '${alltrue([' +
        'can(lookup(data.terraform_remote_state.batch[0].outputs.job_definition_arns, "gss-dev-batch-processing")), ' +
        'can(lookup(data.terraform_remote_state.batch[0].outputs.job_definition_arns, "gss-dev-batch-validation")), ' +
        'can(lookup(data.terraform_remote_state.batch[0].outputs.job_queue_arns, "gss-dev-batch-queue"))' +
        '])}',
    );
    for (const [type, resources] of Object.entries(sfn.resource)) {
      for (const [name, resource] of Object.entries(resources)) {
        const preconditions = list(at(resource, 'lifecycle', 'precondition')).map((p) => block(p).condition);
        expect([`${type}.${name}`, preconditions]).toEqual([
          `${type}.${name}`,
          [
            '${!terraform.applying || local.iam_complete}',
            '${!terraform.applying || local.batch_complete}',
            '${!terraform.applying || local.sqs_complete}',
          ],
        ]);
      }
    }
  });

  test("the state listing uses the backend's region and role, never the deploy role's account restriction", () => {
    const dev = structuredClone(shippedEnvironment('dev')) as EnvironmentConfig;
    dev.settings.state.role_arn = 'arn:aws:iam::333333333333:role/state-reader';
    const batch = parsed(synthEnvironment(dev, { mode: 'real' }).batch);
    expect(batch.provider.aws[1]).toEqual({
      alias: 'state_bucket',
      region: 'eu-west-1',
      assume_role: [{ role_arn: 'arn:aws:iam::333333333333:role/state-reader' }],
    });
  });

  test('mock values become HCL literals: quotes, backslashes and template sequences escaped', () => {
    expect(hclLiteral('a "b" \\ ${c} %{d}\n')).toBe('"a \\"b\\" \\\\ $${c} %%{d}\\n"');
    expect(hclLiteral(['x', 'y'])).toBe('["x", "y"]');
    expect(hclLiteral({ 'k-1': 'v' })).toBe('{"k-1" = "v"}');
  });
});

describe('dependency and adoption settings are checked against the modules and their outputs', () => {
  let fixture: ConfigFixture;
  beforeEach(() => {
    fixture = ConfigFixture.copy();
  });
  afterEach(() => fixture.dispose());

  const problems = (): ConfigProblem[] => {
    try {
      loadConfiguration({ root: fixture.root, environments: ['dev'], displayRoot: fixture.root } as never);
    } catch (error) {
      if (error instanceof ConfigError) return [...error.problems];
      throw error;
    }
    return [];
  };

  test('a mock for an output the module does not declare, or in the wrong shape', () => {
    fixture.editJson('config/environments/dev.json', (dev) => {
      dev.dependencies = {
        mock_outputs: { iam: { batch_role_arn: 'x', job_role_arns: 'not-a-map' }, queue: { url: 'x' } },
      };
    });
    expect(problems()).toEqual([
      expect.objectContaining({
        file: 'config/environments/dev.json',
        jsonPath: '$.dependencies.mock_outputs.iam.batch_role_arn',
        found: 'the output "batch_role_arn"',
        allowed: expect.stringContaining('batch_service_role_arn'),
      }),
      expect.objectContaining({
        jsonPath: '$.dependencies.mock_outputs.iam.job_role_arns',
        found: 'a string',
        allowed: 'a map, the shape of the output job_role_arns',
      }),
      expect.objectContaining({ jsonPath: '$.dependencies.mock_outputs.queue', found: 'the module "queue"' }),
    ]);
  });

  test('an unknown merge strategy', () => {
    fixture.editJson('config/environments/dev.json', (dev) => {
      dev.dependencies = { mock_outputs_merge_strategy: 'deep' };
    });
    expect(problems()).toEqual([
      expect.objectContaining({
        jsonPath: '$.dependencies.mock_outputs_merge_strategy',
        allowed: expect.stringContaining('no_merge'),
      }),
    ]);
  });

  test('adoption or a state key for a module that does not exist', () => {
    fixture.editJson('config/environments/dev.json', (dev) => {
      dev.adoption = { 'iam-roles': { moved: [{ from: 'aws_iam_role.this', to: 'aws_iam_role.batch_service_role' }] } };
      dev.state = { keys: { roles: 'nonprod/eu-west-1/dev/iam-roles/terraform.tfstate' } };
    });
    expect(problems().map((p) => p.jsonPath)).toEqual(['$.adoption["iam-roles"]', '$.state.keys.roles']);
  });
});

describe('adopting existing resources', () => {
  /** The shipped dev environment with these adoption settings, parsed as a settings file's are. */
  const adopting = (adoption: unknown): EnvironmentConfig => {
    const dev = structuredClone(shippedEnvironment('dev')) as EnvironmentConfig;
    (dev.settings as { adoption: unknown }).adoption = AdoptionSchema.parse(adoption);
    return dev;
  };

  test('moved, import and removed blocks, as the adoption settings say', () => {
    const dev = adopting({
      iam: {
        moved: [{ from: 'module.roles.aws_iam_role.this["batch"]', to: 'aws_iam_role.batch_service_role' }],
        import: [{ to: 'aws_iam_role.hybrid_router_state_machine_role', id: 'gss-dev-scm-batch-processor-sfn-role' }],
        removed: [{ from: 'aws_iam_role.legacy', reason: 'nobody needs it' }],
      },
    });
    const iam = parsed(synthEnvironment(dev, local).iam);
    expect(iam.moved).toEqual([
      { from: 'module.roles.aws_iam_role.this["batch"]', to: 'aws_iam_role.batch_service_role' },
    ]);
    expect(iam.import).toEqual([
      { to: 'aws_iam_role.hybrid_router_state_machine_role', id: 'gss-dev-scm-batch-processor-sfn-role' },
    ]);
    expect(iam.removed).toEqual([{ from: 'aws_iam_role.legacy', lifecycle: [{ destroy: false }] }]);
  });

  test('nothing is adopted offline: no state to take over, no account to import from', () => {
    const iam = parsed(
      synthEnvironment(
        adopting({ iam: { import: [{ to: 'aws_iam_role.batch_service_role', id: 'x' }], moved: [], removed: [] } }),
        { mode: 'offline' },
      ).iam,
    );
    expect(iam).not.toHaveProperty('import');
  });

  test('an address the stack does not have is a configuration error, not a silent no-op', () => {
    const dev = adopting({
      iam: {
        moved: [{ from: 'aws_iam_role.a', to: 'aws_iam_role.nope' }],
        import: [],
        removed: [{ from: 'aws_iam_role.batch_service_role', reason: 'x' }],
      },
    });
    const stacks = buildEnvironmentStacks(Testing.app({ stackTraces: false }), dev, local);
    let error: unknown;
    try {
      Testing.synth(stacks.iam);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.objectContaining({
        file: 'config/environments/dev.json',
        jsonPath: '$.adoption.iam.moved[0].to',
        found: '"aws_iam_role.nope", which dev-iam does not have',
        allowed: expect.stringContaining('aws_iam_role.batch_service_role'),
      }),
      expect.objectContaining({
        jsonPath: '$.adoption.iam.removed[0].from',
        found: '"aws_iam_role.batch_service_role", a resource dev-iam still manages',
      }),
    ]);
  });
});
