import { loadConfiguration } from '../../../main';
import { ConfigError, type ConfigProblem } from '../../../lib/configuration/config-error';
import { ConfigFixture } from '../../support/config-fixture';

/** The problems loading the fixture reports (it must fail). */
function problems(fixture: ConfigFixture, environments = ['dev']): ConfigProblem[] {
  try {
    loadConfiguration({ root: fixture.root, environments, displayRoot: fixture.root } as never);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('the configuration loaded, but it should have been rejected');
}

/** The only problem, checked to carry a file, a JSON path and what was found and allowed. */
function onlyProblem(fixture: ConfigFixture, environments?: string[]): ConfigProblem {
  const found = problems(fixture, environments);
  expect(found).toHaveLength(1);
  const problem = found[0]!;
  expect(problem.file).toMatch(/\S/);
  expect(problem.jsonPath).toMatch(/^\$/);
  expect(problem.found).toMatch(/\S/);
  expect(problem.allowed).toMatch(/\S/);
  return problem;
}

describe('bad configuration is rejected with the file, the JSON path, what was found and what is allowed', () => {
  let fixture: ConfigFixture;
  beforeEach(() => {
    fixture = ConfigFixture.copy();
  });
  afterEach(() => fixture.dispose());

  test('malformed JSON names the line and column', () => {
    fixture.write('batch-json/job-queue.json', '{\n  "name": "x",\n  "state": "ENABLED"\n  "priority": 1\n}\n');
    const problem = onlyProblem(fixture);
    expect(problem).toMatchObject({ file: 'batch-json/job-queue.json', jsonPath: '$', line: 4, column: 3 });
    expect(problem.found).toContain('malformed JSON');
  });

  test('comments are not JSON', () => {
    fixture.write('batch-json/job-queue.json', '{\n  // a comment\n  "name": "x"\n}\n');
    expect(onlyProblem(fixture)).toMatchObject({ file: 'batch-json/job-queue.json', line: 2 });
  });

  test('an unknown key is an error, with the closest known key suggested', () => {
    fixture.editJson('batch-json/compute-environment.json', (d) => {
      d.compute_resources.max_vcpu = 8;
    });
    const problem = onlyProblem(fixture);
    expect(problem).toMatchObject({
      file: 'batch-json/compute-environment.json',
      jsonPath: '$.compute_resources.max_vcpu',
      found: 'unknown key "max_vcpu"',
    });
    expect(problem.allowed).toContain('"max_vcpus" (closest match)');
    expect(problem.line).toBeGreaterThan(1);
  });

  test('a duplicate key is an error, not silently the last value', () => {
    fixture.write(
      'batch-json/job-queue.json',
      '{"name": "{prefix}-batch-queue", "state": "ENABLED", "priority": 1, "priority": 2, ' +
        '"compute_environment_order": [{"order": 1, "compute_environment": "{prefix}-batch-compute"}]}',
    );
    expect(onlyProblem(fixture)).toMatchObject({ jsonPath: '$.priority', found: 'the key "priority" a second time' });
  });

  test('a wrong type', () => {
    fixture.editJson('config/defaults.json', (d) => {
      d.sqs.core_queue.visibility_timeout_seconds = '300';
    });
    expect(onlyProblem(fixture)).toMatchObject({
      file: 'config/defaults.json',
      jsonPath: '$.sqs.core_queue.visibility_timeout_seconds',
      found: '"300"',
      allowed: 'a number',
    });
  });

  test('an out-of-range number', () => {
    fixture.editJson('batch-json/batch-processing-job.json', (d) => {
      d.retry_strategy.attempts = 11;
    });
    expect(onlyProblem(fixture)).toMatchObject({
      file: 'batch-json/batch-processing-job.json',
      jsonPath: '$.retry_strategy.attempts',
      found: '11',
      allowed: 'a number <= 10',
    });
  });

  test('a value is blamed on the layer that set it', () => {
    fixture.editJson('config/environments/dev.json', (d) => {
      d.batch_json['compute-environment.json'].compute_resources.max_vcpus = -1;
    });
    expect(onlyProblem(fixture)).toMatchObject({
      file: 'config/environments/dev.json',
      jsonPath: '$.batch_json["compute-environment.json"].compute_resources.max_vcpus',
      found: '-1',
    });
  });

  test('a value outside an enum lists the allowed values', () => {
    fixture.editJson('batch-json/compute-environment.json', (d) => {
      d.compute_resources.type = 'SPOTTY';
    });
    expect(onlyProblem(fixture).allowed).toBe('one of "EC2", "SPOT", "FARGATE", "FARGATE_SPOT"');
  });

  test('a placeholder nobody fills', () => {
    fixture.editJson('batch-json/log-groups.json', (d) => {
      d.log_groups.batch_validation.name = '/aws/batch/{prefx}-validation';
    });
    const problem = onlyProblem(fixture);
    expect(problem).toMatchObject({
      file: 'batch-json/log-groups.json',
      jsonPath: '$.log_groups.batch_validation.name',
    });
    expect(problem.found).toContain('{prefx}');
    expect(problem.allowed).toContain('{prefix}');
  });

  test('a dependency placeholder naming an output the upstream does not declare', () => {
    fixture.editJson('batch-json/batch-processing-job.json', (d) => {
      d.container_properties.environment[4].value = '{dependency.sqs.core_queue_uri}';
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.container_properties.environment[4].value',
      allowed: expect.stringContaining('core_queue_url'),
    });
  });

  test('a dependency placeholder naming a map entry that does not exist', () => {
    fixture.editJson('batch-json/batch-processing-job.json', (d) => {
      d.container_properties.jobRoleArn = '{dependency.iam.job_role_arns.missing}';
    });
    expect(onlyProblem(fixture).allowed).toContain('batch_job');
  });

  test('a dangling reference from a queue to a compute environment', () => {
    fixture.editJson('batch-json/job-queue.json', (d) => {
      d.compute_environment_order[0].compute_environment = '{prefix}-other';
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.compute_environment_order[0].compute_environment',
      found: '"gss-dev-other"',
      allowed: expect.stringContaining('gss-dev-batch-compute'),
    });
  });

  test('a job definition logging to a log group log-groups.json does not define', () => {
    fixture.editJson('batch-json/batch-validation-job.json', (d) => {
      d.container_properties.logConfiguration.options['awslogs-group'] = '/aws/batch/nowhere';
    });
    expect(onlyProblem(fixture)).toMatchObject({
      file: 'batch-json/batch-validation-job.json',
      jsonPath: '$.container_properties.logConfiguration.options["awslogs-group"]',
    });
  });

  test('a state machine naming a job definition that does not exist', () => {
    fixture.editJson('config/defaults.json', (d) => {
      d.step_functions.state_machines.hybrid_router.processing_job_definition = '{prefix}-nope';
    });
    expect(onlyProblem(fixture)).toMatchObject({
      file: 'config/defaults.json',
      jsonPath: '$.step_functions.state_machines.hybrid_router.processing_job_definition',
    });
  });

  test('a compute environment option that contradicts its type', () => {
    fixture.editJson('batch-json/compute-environment.json', (d) => {
      d.compute_resources.type = 'EC2';
      d.compute_resources.allocation_strategy = 'BEST_FIT_PROGRESSIVE';
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.compute_resources.bid_percentage',
      allowed: 'bid_percentage only with type "SPOT"',
    });
  });

  test('a secret-looking variable with a literal value, never echoed', () => {
    fixture.editJson('batch-json/batch-processing-job.json', (d) => {
      d.container_properties.environment.push({ name: 'DB_PASSWORD', value: 'hunter2' });
    });
    const problem = onlyProblem(fixture);
    expect(problem.allowed).toContain('secrets');
    expect(JSON.stringify(problem)).not.toContain('hunter2');
  });

  test('a secret format in any variable (an AWS access key id), never echoed', () => {
    fixture.editJson('batch-json/batch-processing-job.json', (d) => {
      d.container_properties.environment.push({ name: 'UPLOAD_KEY_ID', value: 'AKIAIOSFODNN7EXAMPLE' });
    });
    const problem = onlyProblem(fixture);
    expect(problem.allowed).toContain('an AWS access key id in UPLOAD_KEY_ID');
    expect(JSON.stringify(problem)).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });

  test(
    'a secret-looking name holding a number or a reference loads: the loader and the policy pack share ' +
      'one recognizer',
    () => {
      fixture.editJson('batch-json/batch-processing-job.json', (d) => {
        d.container_properties.environment.push(
          { name: 'TOKEN_TTL_SECONDS', value: '300' },
          { name: 'DB_PASSWORD_ARN', value: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db' },
        );
      });
      const config = loadConfiguration({ root: fixture.root, environments: ['dev'] });
      const environment = config.environments[0]!.batch.jobDefinitions.find((j) =>
        j.config.name.endsWith('batch-processing'),
      )!.config.container_properties!.environment;
      expect(environment).toEqual(expect.arrayContaining([{ name: 'TOKEN_TTL_SECONDS', value: '300' }]));
    },
  );

  test('an invalid ARN', () => {
    fixture.editJson('config/defaults.json', (d) => {
      d.step_functions.state_machines.hybrid_router.lambda_function_arn = 'arn:aws:lambda:eu-west-1:12345:function:x';
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.step_functions.state_machines.hybrid_router.lambda_function_arn',
      allowed: expect.stringContaining('an ARN such as'),
    });
  });

  test('an invalid CIDR', () => {
    fixture.editJson('config/environments/dev.json', (d) => {
      d.variables.vpc_cidr = '10.10.0.0/33';
    });
    const found = problems(fixture);
    expect(found.length).toBeGreaterThanOrEqual(1);
    expect(found.every((p) => p.allowed.includes('IPv4 CIDR'))).toBe(true);
  });

  test('two identical egress rules', () => {
    fixture.editJson('config/defaults.json', (d) => {
      d.network.batch_security_group.egress.push({ ...d.network.batch_security_group.egress[0], description: 'again' });
    });
    expect(onlyProblem(fixture)).toMatchObject({ jsonPath: '$.network.batch_security_group.egress[3]' });
  });

  test('an environment naming an account that has no file', () => {
    fixture.editJson('config/environments/dev.json', (d) => {
      d.account = 'nonprd';
    });
    expect(onlyProblem(fixture)).toMatchObject({
      file: 'config/environments/dev.json',
      jsonPath: '$.account',
      allowed: '"nonprod" (closest match), or one of: nonprod, prod',
    });
  });

  test('an environment asked for that has no file', () => {
    expect(onlyProblem(fixture, ['qa'])).toMatchObject({
      file: 'config/environments/qa.json',
      allowed: 'one of the environments: dev, prod, staging',
    });
  });

  test('an environment asked for twice is loaded once', () => {
    const config = loadConfiguration({ root: fixture.root, environments: ['dev', 'dev'] });
    expect(config.environments.map((e) => e.name)).toEqual(['dev']);
  });

  test('an environment file whose name disagrees with its environment key', () => {
    fixture.editJson('config/environments/dev.json', (d) => {
      d.environment = 'development';
    });
    expect(onlyProblem(fixture)).toMatchObject({ jsonPath: '$.environment', allowed: '"dev", the name of the file' });
  });

  test('an empty file', () => {
    fixture.write('batch-json/log-groups.json', '');
    expect(onlyProblem(fixture)).toMatchObject({ file: 'batch-json/log-groups.json', found: 'an empty file' });
  });

  test('a folder where a file should be', () => {
    fixture.remove('batch-json/log-groups.json').write('batch-json/log-groups.json/readme.txt', 'x');
    expect(onlyProblem(fixture)).toMatchObject({ file: 'batch-json/log-groups.json', found: 'a directory' });
  });

  test('a missing batch-json file', () => {
    fixture.remove('batch-json/job-queue.json');
    expect(problems(fixture)[0]).toMatchObject({ file: 'batch-json/job-queue.json', found: 'no such file' });
  });

  test('an unexpected file in batch-json (a typo in a file name)', () => {
    fixture.write('batch-json/job-queues.json', '{}');
    expect(onlyProblem(fixture)).toMatchObject({
      file: 'batch-json/job-queues.json',
      found: 'an unexpected file "job-queues.json"',
    });
  });

  test('user data that is not MIME multi-part', () => {
    fixture.write('config/batch_user_data.sh', '#!/bin/bash\necho hi\n');
    expect(onlyProblem(fixture).allowed).toContain('MIME multi-part');
  });

  test('a job queue with two compute environments of the same order', () => {
    fixture.editJson('batch-json/job-queue.json', (d) => {
      d.compute_environment_order.push({ order: 1, compute_environment: '{prefix}-other-compute' });
    });
    expect(onlyProblem(fixture)).toMatchObject({ jsonPath: '$.compute_environment_order[1].order' });
  });

  test('an additional policy that is not an IAM policy ARN, one given twice, and more than a role can hold', () => {
    const ssm = 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore';
    fixture.editJson('config/defaults.json', (d) => {
      d.iam.additional_policy_arns = {
        execution_role: ['arn:aws:iam::111111111111:role/not-a-policy'],
        batch_instance_role: [ssm, ssm],
      };
      d.iam.job_roles.batch_job.additional_policy_arns = Array.from(
        { length: 21 },
        (_, i) => `arn:aws:iam::111111111111:policy/p${i}`,
      );
    });
    const found = problems(fixture);
    expect(found.map((p) => [p.file, p.jsonPath])).toEqual([
      ['config/defaults.json', '$.iam.additional_policy_arns.batch_instance_role'],
      ['config/defaults.json', '$.iam.additional_policy_arns.execution_role[0]'],
      ['config/defaults.json', '$.iam.job_roles.batch_job.additional_policy_arns'],
    ]);
    expect(found.map((p) => p.allowed)).toEqual([
      'each policy once',
      expect.stringContaining('an IAM policy ARN such as "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"'),
      expect.stringContaining('at most 20 policies: IAM attaches at most 20 managed policies to a role'),
    ]);
  });

  test('every problem is reported at once', () => {
    fixture.editJson('batch-json/job-queue.json', (d) => {
      d.priority = -1;
    });
    fixture.editJson('config/defaults.json', (d) => {
      d.sqs.core_queue.receive_wait_time_seconds = 21;
    });
    expect(
      problems(fixture)
        .map((p) => p.jsonPath)
        .sort(),
    ).toEqual(['$.priority', '$.sqs.core_queue.receive_wait_time_seconds']);
  });
});
