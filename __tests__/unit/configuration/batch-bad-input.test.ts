import * as fs from 'fs';
import { loadConfiguration } from '../../../main';
import { ConfigError, type ConfigProblem } from '../../../lib/configuration/config-error';
import { ConfigFixture } from '../../support/config-fixture';
import { shareEveryWorkflow } from '../../support/fair-share';
import type { EditedJson } from './loading';

/** The only problem loading the fixture reports, checked to say where, what was found and what is allowed. */
function onlyProblem(fixture: ConfigFixture): ConfigProblem {
  let problems: readonly ConfigProblem[] = [];
  try {
    loadConfiguration({ root: fixture.root, environments: ['dev'], displayRoot: fixture.root } as never);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems = error.problems;
  }
  expect(problems.map((p) => `${p.file} ${p.jsonPath}: ${p.found} / ${p.allowed}`)).toHaveLength(1);
  const problem = problems[0]!;
  expect(problem.file).toMatch(/\S/);
  expect(problem.line).toBeGreaterThanOrEqual(1);
  expect(problem.found).toMatch(/\S/);
  expect(problem.allowed).toMatch(/\S/);
  return problem;
}

const CE = 'batch-json/compute-environment.json';
const QUEUE = 'batch-json/job-queue.json';
const PROCESSING = 'batch-json/batch-processing-job.json';

/** Turns the processing job into a Fargate job that is valid, so each test breaks one thing. */
function fargate(d: EditedJson): void {
  d.platform_capabilities = ['FARGATE'];
  delete d.container_properties.vcpus;
  delete d.container_properties.memory;
  delete d.container_properties.linuxParameters;
  d.container_properties.resourceRequirements = [
    { type: 'VCPU', value: '1' },
    { type: 'MEMORY', value: '2048' },
  ];
  d.container_properties.executionRoleArn = '{dependency.iam.execution_role_arn}';
}

describe('compute environments: invalid combinations are rejected before deploy', () => {
  let fixture: ConfigFixture;
  beforeEach(() => {
    fixture = ConfigFixture.copy();
  });
  afterEach(() => fixture.dispose());

  test('min_vcpus above max_vcpus', () => {
    fixture.editJson(CE, (d) => {
      d.compute_resources.min_vcpus = 300;
      d.compute_resources.desired_vcpus = undefined;
    });
    fixture.editJson('config/environments/dev.json', (d) => {
      d.batch_json['compute-environment.json'].compute_resources.max_vcpus = 256;
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.compute_resources.min_vcpus',
      found: '300',
      allowed: 'a number <= max_vcpus (256)',
    });
  });

  test('desired_vcpus outside min and max', () => {
    fixture.editJson(CE, (d) => {
      d.compute_resources.desired_vcpus = 100;
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.compute_resources.desired_vcpus',
      allowed: 'a number between min_vcpus (0) and max_vcpus (64)',
    });
  });

  test('a Spot Fleet role on an EC2 environment', () => {
    fixture.editJson(CE, (d) => {
      Object.assign(d.compute_resources, {
        type: 'EC2',
        allocation_strategy: 'BEST_FIT_PROGRESSIVE',
        bid_percentage: undefined,
        spot_iam_fleet_role: 'arn:aws:iam::111111111111:role/fleet',
      });
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.compute_resources.spot_iam_fleet_role',
      allowed: 'spot_iam_fleet_role only with type "SPOT"',
    });
  });

  test('a SPOT_* allocation strategy on an EC2 environment', () => {
    fixture.editJson(CE, (d) => {
      d.compute_resources.type = 'EC2';
      delete d.compute_resources.bid_percentage;
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.compute_resources.allocation_strategy',
      allowed: expect.stringContaining('SPOT_* strategies need type "SPOT"'),
    });
  });

  test('instance options on Fargate', () => {
    fixture.editJson(CE, (d) => {
      d.compute_resources = { type: 'FARGATE', max_vcpus: 16, instance_types: ['c5.large'] };
    });
    fixture.editJson('config/environments/dev.json', (d) => {
      delete d.batch_json;
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.compute_resources.instance_types',
      allowed: 'no instance_types with type "FARGATE" (Fargate manages the capacity)',
    });
  });

  test('update_policy on Fargate', () => {
    fixture.editJson(CE, (d) => {
      d.compute_resources = { type: 'FARGATE', max_vcpus: 16 };
      d.update_policy = { terminate_jobs_on_update: false, job_execution_timeout_minutes: 30 };
    });
    fixture.editJson('config/environments/dev.json', (d) => {
      delete d.batch_json;
    });
    fixture.editJson(PROCESSING, fargate);
    fixture.editJson('batch-json/batch-validation-job.json', fargate);
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.update_policy',
      allowed: expect.stringContaining('only on a MANAGED EC2 or SPOT compute environment'),
    });
  });

  test.each(['$Latest', '$Default'])(
    'a launch template made elsewhere at %s, which Batch freezes at creation',
    (version) => {
      fixture.editJson(CE, (d) => {
        d.compute_resources.launch_template = { launch_template_id: 'lt-0123456789abcdef0', version };
      });
      const problem = onlyProblem(fixture);
      expect(problem).toMatchObject({
        jsonPath: '$.compute_resources.launch_template.version',
        found: JSON.stringify(version),
      });
      expect(problem.allowed).toContain('a numeric version such as "3": Batch resolves $Latest and $Default once');
    },
  );

  test("a version for the stack's own launch template, which the stack pins itself", () => {
    fixture.editJson(CE, (d) => {
      d.compute_resources.launch_template.version = '$Latest';
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.compute_resources.launch_template.version',
      allowed: expect.stringContaining('the stack pins the numeric latest_version'),
    });
  });

  test('a launch template by both name and id', () => {
    fixture.editJson(CE, (d) => {
      d.compute_resources.launch_template.launch_template_id = 'lt-0123456789abcdef0';
    });
    expect(onlyProblem(fixture).allowed).toContain('exactly one of launch_template_name');
  });

  test('the deprecated "optimal" instance type', () => {
    fixture.editJson(CE, (d) => {
      d.compute_resources.instance_types = ['optimal'];
    });
    expect(onlyProblem(fixture).allowed).toContain('"optimal" is deprecated');
  });

  test('a name too long to be a prefix of a generated name', () => {
    fixture.editJson(CE, (d) => {
      d.compute_environment_name = `{prefix}-${'x'.repeat(100)}`;
    });
    fixture.editJson(QUEUE, (d) => {
      d.compute_environment_order[0].compute_environment = `{prefix}-${'x'.repeat(100)}`;
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.compute_environment_name',
      allowed: expect.stringContaining('at most 101 characters'),
    });
  });

  test("the platform's instance role used, but not configured", () => {
    fixture.editJson('config/defaults.json', (d) => {
      delete d.iam.batch_instance_role_name;
    });
    expect(onlyProblem(fixture)).toMatchObject({
      file: CE,
      jsonPath: '$.compute_resources.instance_role',
      allowed: expect.stringContaining('iam.batch_instance_role_name'),
    });
  });

  test('an UNMANAGED environment with compute resources', () => {
    fixture.editJson(CE, (d) => {
      d.type = 'UNMANAGED';
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.compute_resources',
      allowed: 'no compute_resources with type "UNMANAGED"',
    });
  });
});

describe('job queues and scheduling policies: invalid combinations are rejected before deploy', () => {
  let fixture: ConfigFixture;
  beforeEach(() => {
    fixture = ConfigFixture.copy();
  });
  afterEach(() => fixture.dispose());

  test('more than 3 compute environments', () => {
    fixture.editJson(QUEUE, (d) => {
      d.compute_environment_order = [1, 2, 3, 4].map((order) => ({
        order,
        compute_environment: `{prefix}-ce-${order}`,
      }));
    });
    expect(onlyProblem(fixture)).toMatchObject({ jsonPath: '$.compute_environment_order', allowed: 'at most 3 items' });
  });

  test('EC2 and Fargate environments in one queue', () => {
    fixture.write(
      CE,
      JSON.stringify({
        compute_environments: {
          compute_environment: JSON.parse(fs.readFileSync(fixture.path(CE), 'utf8')),
          fargate: {
            compute_environment_name: '{prefix}-fargate',
            type: 'MANAGED',
            compute_resources: { type: 'FARGATE', max_vcpus: 16 },
          },
        },
      }),
    );
    fixture.editJson('config/environments/dev.json', (d) => {
      d.batch_json['compute-environment.json'] = {
        compute_environments: { compute_environment: { compute_resources: { max_vcpus: 64 } } },
      };
    });
    fixture.editJson(QUEUE, (d) => {
      d.compute_environment_order.push({ order: 2, compute_environment: '{prefix}-fargate' });
    });
    expect(onlyProblem(fixture)).toMatchObject({
      file: QUEUE,
      jsonPath: '$.compute_environment_order',
      allowed: expect.stringContaining('one kind per queue'),
    });
  });

  test.each([
    [300, 'a number >= 600'],
    [90_000, 'a number <= 86400'],
  ])('a job state time limit of %i seconds', (seconds, allowed) => {
    fixture.editJson(QUEUE, (d) => {
      d.job_state_time_limit_action = [
        { max_time_seconds: seconds, reason: 'CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY' },
      ];
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.job_state_time_limit_action[0].max_time_seconds',
      allowed,
    });
  });

  test('a job state time limit action other than CANCEL', () => {
    fixture.editJson(QUEUE, (d) => {
      d.job_state_time_limit_action = [{ action: 'TERMINATE', max_time_seconds: 600, reason: 'stuck' }];
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.job_state_time_limit_action[0].action',
      allowed: '"CANCEL"',
    });
  });

  test('a scheduling policy that does not exist', () => {
    fixture.editJson(QUEUE, (d) => {
      d.scheduling_policy = '{prefix}-fair';
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.scheduling_policy',
      found: '"gss-dev-fair"',
      allowed: expect.stringContaining('there is no scheduling-policy.json'),
    });
  });

  test('a job definition that can run on a fair-share queue without scheduling_priority', () => {
    fixture.write(
      'batch-json/scheduling-policy.json',
      JSON.stringify({
        name: '{prefix}-fair',
        fair_share_policy: { share_distribution: [{ share_identifier: 'teamA' }] },
      }),
    );
    fixture.editJson(QUEUE, (d) => {
      d.scheduling_policy = '{prefix}-fair';
    });
    fixture.editJson('batch-json/batch-validation-job.json', (d) => {
      d.scheduling_priority = 10;
    });
    fixture.editJson('config/defaults.json', (d) => shareEveryWorkflow(d, 'teamA'));
    const problem = onlyProblem(fixture);
    expect(problem).toMatchObject({ file: PROCESSING, jsonPath: '$.scheduling_priority' });
    expect(problem.allowed).toContain('fair-share queue "gss-dev-batch-queue"');
  });

  test('a compute reservation of 100 percent', () => {
    fixture.write(
      'batch-json/scheduling-policy.json',
      JSON.stringify({ name: 'fair', fair_share_policy: { compute_reservation: 100 } }),
    );
    expect(onlyProblem(fixture)).toMatchObject({
      file: 'batch-json/scheduling-policy.json',
      jsonPath: '$.fair_share_policy.compute_reservation',
      allowed: 'a number <= 99',
    });
  });

  test('a share identifier listed twice', () => {
    fixture.write(
      'batch-json/scheduling-policy.json',
      JSON.stringify({
        name: 'fair',
        fair_share_policy: {
          share_distribution: [{ share_identifier: 'a' }, { share_identifier: 'a', weight_factor: 2 }],
        },
      }),
    );
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.fair_share_policy.share_distribution[1].share_identifier',
    });
  });
});

describe('job definitions: invalid combinations are rejected before deploy', () => {
  let fixture: ConfigFixture;
  beforeEach(() => {
    fixture = ConfigFixture.copy();
  });
  afterEach(() => fixture.dispose());

  test('a vCPU/memory pair Fargate does not offer', () => {
    fixture.editJson(PROCESSING, (d) => {
      fargate(d);
      d.container_properties.resourceRequirements[1].value = '1024';
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.container_properties.resourceRequirements[1].value',
      found: '"1024"',
      allowed: 'with 1 vCPU on Fargate: 2048 to 8192 in steps of 1024 MiB',
    });
  });

  test('a vCPU value Fargate does not offer', () => {
    fixture.editJson(PROCESSING, (d) => {
      fargate(d);
      d.container_properties.resourceRequirements[0].value = '3';
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.container_properties.resourceRequirements[0].value',
      allowed: 'one of "0.25", "0.5", "1", "2", "4", "8", "16" on Fargate',
    });
  });

  test('a fractional vCPU on EC2', () => {
    fixture.editJson(PROCESSING, (d) => {
      delete d.container_properties.vcpus;
      delete d.container_properties.memory;
      d.container_properties.resourceRequirements = [
        { type: 'VCPU', value: '1.5' },
        { type: 'MEMORY', value: '2048' },
      ];
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.container_properties.resourceRequirements[0].value',
      found: '"1.5"',
      allowed: 'a whole number of vCPUs, at least "1", on EC2 (fractional vCPUs are a Fargate feature)',
    });
  });

  test('a number where AWS wants a string', () => {
    fixture.editJson(PROCESSING, (d) => {
      fargate(d);
      d.container_properties.resourceRequirements[0].value = 1;
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.container_properties.resourceRequirements[0].value',
      found: '1',
      allowed: expect.stringContaining('a number written as a string'),
    });
  });

  test('Fargate without an execution role', () => {
    fixture.editJson(PROCESSING, (d) => {
      fargate(d);
      delete d.container_properties.executionRoleArn;
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.container_properties.executionRoleArn',
      allowed: expect.stringContaining('Fargate jobs need one'),
    });
  });

  test('a GPU on Fargate', () => {
    fixture.editJson(PROCESSING, (d) => {
      fargate(d);
      d.container_properties.resourceRequirements.push({ type: 'GPU', value: '1' });
    });
    expect(onlyProblem(fixture).allowed).toContain('no GPU on Fargate');
  });

  test('tmpfs on Fargate', () => {
    fixture.editJson(PROCESSING, (d) => {
      fargate(d);
      d.container_properties.linuxParameters = { tmpfs: [{ containerPath: '/tmp', size: 64 }] };
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.container_properties.linuxParameters.tmpfs',
      allowed: expect.stringContaining('ephemeralStorage'),
    });
  });

  test('a privileged container on Fargate', () => {
    fixture.editJson(PROCESSING, (d) => {
      fargate(d);
      d.container_properties.privileged = true;
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.container_properties.privileged',
      allowed: expect.stringContaining('false on Fargate'),
    });
  });

  test('Fargate settings on an EC2 job', () => {
    fixture.editJson(PROCESSING, (d) => {
      d.container_properties.networkConfiguration = { assignPublicIp: 'ENABLED' };
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.container_properties.networkConfiguration',
      allowed: expect.stringContaining('applies to Fargate jobs only'),
    });
  });

  test('secrets without an execution role to read them', () => {
    fixture.editJson(PROCESSING, (d) => {
      d.container_properties.secrets = [
        { name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbCdEf' },
      ];
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.container_properties.executionRoleArn',
      allowed: expect.stringContaining('ECS reads secrets with it'),
    });
  });

  test('a secret whose valueFrom is neither Secrets Manager nor SSM', () => {
    fixture.editJson(PROCESSING, (d) => {
      d.container_properties.executionRoleArn = '{dependency.iam.execution_role_arn}';
      d.container_properties.secrets = [{ name: 'DB_PASSWORD', valueFrom: 'hunter2' }];
    });
    const problem = onlyProblem(fixture);
    expect(problem).toMatchObject({ jsonPath: '$.container_properties.secrets[0].valueFrom' });
    expect(problem.allowed).toContain('arn:aws:secretsmanager');
  });

  test('a misspelled container key, with the AWS spelling suggested', () => {
    fixture.editJson(PROCESSING, (d) => {
      d.container_properties.readOnlyRootFilesystem = true;
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.container_properties.readOnlyRootFilesystem',
      allowed: expect.stringContaining('"readonlyRootFilesystem" (closest match)'),
    });
  });

  test('a variable named like the ones Batch sets itself', () => {
    fixture.editJson(PROCESSING, (d) => {
      d.container_properties.environment.push({ name: 'AWS_BATCH_JOB_ID', value: 'x' });
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.container_properties.environment[6].name',
      allowed: expect.stringContaining('reserved'),
    });
  });

  test('a secret-looking parameter with a literal value, never echoed', () => {
    fixture.editJson(PROCESSING, (d) => {
      d.parameters.api_token = 'hunter2';
    });
    const problem = onlyProblem(fixture);
    expect(problem.jsonPath).toBe('$.parameters.api_token');
    expect(JSON.stringify(problem)).not.toContain('hunter2');
  });

  test("logs sent to another region than the stack's log groups", () => {
    fixture.editJson(PROCESSING, (d) => {
      d.container_properties.logConfiguration.options['awslogs-region'] = 'us-east-1';
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.container_properties.logConfiguration.options["awslogs-region"]',
      allowed: expect.stringContaining('"eu-west-1"'),
    });
  });

  test('a mount point of a volume the container does not have', () => {
    fixture.editJson(PROCESSING, (d) => {
      d.container_properties.mountPoints = [{ containerPath: '/data', sourceVolume: 'data' }];
    });
    expect(onlyProblem(fixture)).toMatchObject({ jsonPath: '$.container_properties.mountPoints[0].sourceVolume' });
  });

  test('no memory requirement', () => {
    fixture.editJson(PROCESSING, (d) => {
      delete d.container_properties.memory;
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.container_properties.resourceRequirements',
      allowed: expect.stringContaining('MEMORY'),
    });
  });

  test('a timeout under a minute', () => {
    fixture.editJson(PROCESSING, (d) => {
      d.timeout.attempt_duration_seconds = 30;
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.timeout.attempt_duration_seconds',
      allowed: 'a number >= 60',
    });
  });

  test('a retry condition that matches nothing', () => {
    fixture.editJson(PROCESSING, (d) => {
      d.retry_strategy.evaluate_on_exit[0] = { action: 'RETRY' };
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.retry_strategy.evaluate_on_exit[0]',
      allowed: 'at least one of on_exit_code, on_reason, on_status_reason',
    });
  });

  test('node_properties on a container job', () => {
    fixture.editJson(PROCESSING, (d) => {
      d.node_properties = {
        numNodes: 1,
        mainNode: 0,
        nodeRangeProperties: [{ targetNodes: '0', container: { image: 'x', vcpus: 1, memory: 512 } }],
      };
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.node_properties',
      allowed: expect.stringContaining('use type "multinode"'),
    });
  });

  describe('multinode', () => {
    const multinode =
      (nodes: unknown, platform = 'EC2') =>
      (d: EditedJson): void => {
        d.type = 'multinode';
        d.platform_capabilities = [platform];
        d.node_properties = nodes;
        delete d.container_properties;
      };
    const container = { image: 'mpi:1', vcpus: 2, memory: 4096 };

    test('on Fargate', () => {
      fixture.editJson(
        PROCESSING,
        multinode({ numNodes: 2, mainNode: 0, nodeRangeProperties: [{ targetNodes: '0:', container }] }, 'FARGATE'),
      );
      expect(onlyProblem(fixture)).toMatchObject({
        jsonPath: '$.platform_capabilities',
        allowed: expect.stringContaining('do not run on Fargate'),
      });
    });

    test('a main node beyond the nodes', () => {
      fixture.editJson(
        PROCESSING,
        multinode({ numNodes: 2, mainNode: 2, nodeRangeProperties: [{ targetNodes: '0:', container }] }),
      );
      expect(onlyProblem(fixture)).toMatchObject({
        jsonPath: '$.node_properties.mainNode',
        allowed: 'a node index below numNodes (2)',
      });
    });

    test('node ranges that leave nodes out', () => {
      fixture.editJson(
        PROCESSING,
        multinode({ numNodes: 4, mainNode: 0, nodeRangeProperties: [{ targetNodes: '0:1', container }] }),
      );
      expect(onlyProblem(fixture)).toMatchObject({
        jsonPath: '$.node_properties.nodeRangeProperties',
        allowed: expect.stringContaining('nodes 2, 3 have no range'),
      });
    });

    test('overlapping node ranges', () => {
      fixture.editJson(
        PROCESSING,
        multinode({
          numNodes: 4,
          mainNode: 0,
          nodeRangeProperties: [
            { targetNodes: '0:2', container },
            { targetNodes: '2:', container },
          ],
        }),
      );
      expect(onlyProblem(fixture)).toMatchObject({
        jsonPath: '$.node_properties.nodeRangeProperties[1].targetNodes',
        allowed: expect.stringContaining('both include node 2'),
      });
    });

    test('a node container without memory', () => {
      fixture.editJson(
        PROCESSING,
        multinode({
          numNodes: 2,
          mainNode: 0,
          nodeRangeProperties: [{ targetNodes: '0:', container: { image: 'mpi:1', vcpus: 2 } }],
        }),
      );
      expect(onlyProblem(fixture)).toMatchObject({
        jsonPath: '$.node_properties.nodeRangeProperties[0].container.resourceRequirements',
      });
    });
  });
});

describe('ecs_properties: invalid tasks are rejected before deploy', () => {
  let fixture: ConfigFixture;
  // The array job hands its input to the processing job as a container override, which an ecs_properties job
  // cannot take.
  beforeEach(() => {
    fixture = ConfigFixture.copy().editJson('config/defaults.json', (d) => {
      delete d.step_functions.state_machines.array_fanout.input_environment_variable;
    });
  });
  afterEach(() => fixture.dispose());

  const TASK = '$.ecs_properties.taskProperties[0]';
  const resources = (vcpu: string, memory: string): object[] => [
    { type: 'VCPU', value: vcpu },
    { type: 'MEMORY', value: memory },
  ];
  const main = (): EditedJson => ({
    name: 'main',
    image: 'app:1',
    command: ['python', 'main.py'],
    resourceRequirements: resources('1', '2048'),
    logConfiguration: {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': '/aws/batch/{prefix}-batch-processing',
        'awslogs-region': '{region}',
        'awslogs-stream-prefix': 'main',
      },
    },
    dependsOn: [{ containerName: 'proxy', condition: 'START' }],
  });
  const proxy = (): EditedJson => ({
    name: 'proxy',
    image: 'envoy:1',
    essential: false,
    resourceRequirements: resources('1', '2048'),
  });
  /** Turns the processing job into a valid job of a main container and a sidecar, then lets `edit` break its task. */
  const ecsJob =
    (edit: (task: EditedJson, job: EditedJson) => void, platform = 'EC2') =>
    (d: EditedJson): void => {
      delete d.container_properties;
      d.platform_capabilities = [platform];
      const task: EditedJson = {
        containers: [main(), proxy()],
        taskRoleArn: '{dependency.iam.job_role_arns.batch_job}',
      };
      if (platform === 'FARGATE') task.executionRoleArn = '{dependency.iam.execution_role_arn}';
      d.ecs_properties = { taskProperties: [task] };
      edit(task, d);
    };

  test('the valid task loads (the baseline every case below breaks once)', () => {
    fixture.editJson(
      PROCESSING,
      ecsJob(() => undefined),
    );
    fixture.write(
      'batch-json/fargate-sidecar-job.json',
      JSON.stringify({
        name: '{prefix}-fargate-sidecar',
        platform_capabilities: ['FARGATE'],
        ecs_properties: {
          taskProperties: [{ executionRoleArn: '{dependency.iam.execution_role_arn}', containers: [main(), proxy()] }],
        },
      }),
    );
    const job = (name: string) =>
      loadConfiguration({ root: fixture.root, environments: ['dev'] }).environments[0]!.batch.jobDefinitions.find(
        (j) => j.config.name === name,
      )!.config;
    expect(job('gss-dev-batch-processing').ecs_properties!.taskProperties[0]!.containers.map((c) => c.name)).toEqual([
      'main',
      'proxy',
    ]);
    expect(job('gss-dev-fargate-sidecar').ecs_properties!.taskProperties[0]).toMatchObject({
      networkConfiguration: { assignPublicIp: 'DISABLED' },
      platformVersion: 'LATEST',
    });
  });

  test('container_properties and ecs_properties together', () => {
    fixture.editJson(PROCESSING, (d) => {
      const container = d.container_properties;
      ecsJob(() => undefined)(d);
      d.container_properties = container;
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.ecs_properties',
      allowed: 'either container_properties (one container) or ecs_properties (an ECS task of several), not both',
    });
  });

  test('neither container_properties nor ecs_properties', () => {
    fixture.editJson(PROCESSING, (d) => {
      delete d.container_properties;
    });
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.container_properties',
      found: 'nothing (the key is missing)',
      allowed: expect.stringContaining('container_properties, or ecs_properties'),
    });
  });

  test('ecs_properties on a multinode job', () => {
    fixture.editJson(
      PROCESSING,
      ecsJob((_task, d) => {
        d.type = 'multinode';
        d.node_properties = {
          numNodes: 1,
          mainNode: 0,
          nodeRangeProperties: [{ targetNodes: '0', container: { image: 'mpi:1', vcpus: 1, memory: 2048 } }],
        };
      }),
    );
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.ecs_properties',
      allowed: expect.stringContaining('no ecs_properties with type "multinode"'),
    });
  });

  test('two tasks, where Batch takes one', () => {
    fixture.editJson(
      PROCESSING,
      ecsJob((task, d) => {
        d.ecs_properties.taskProperties.push(JSON.parse(JSON.stringify(task)));
      }),
    );
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: '$.ecs_properties.taskProperties',
      allowed: expect.stringContaining('exactly one task'),
    });
  });

  test('eleven containers, where Batch takes ten', () => {
    fixture.editJson(
      PROCESSING,
      ecsJob((task) => {
        for (let i = 0; i < 9; i++) task.containers.push({ ...proxy(), name: `extra-${i}` });
      }),
    );
    expect(onlyProblem(fixture)).toMatchObject({ jsonPath: `${TASK}.containers`, allowed: 'at most 10 items' });
  });

  test('a container without a name', () => {
    fixture.editJson(
      PROCESSING,
      ecsJob((task) => {
        delete task.containers[1].name;
        task.containers[0].dependsOn = undefined;
      }),
    );
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: `${TASK}.containers[1].name`,
      found: 'nothing (the key is missing)',
    });
  });

  test('two containers of one name', () => {
    fixture.editJson(
      PROCESSING,
      ecsJob((task) => {
        task.containers[1].name = 'main';
        delete task.containers[0].dependsOn;
      }),
    );
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: `${TASK}.containers[1].name`,
      found: '"main"',
      allowed: expect.stringContaining('"main" repeats'),
    });
  });

  test('no essential container', () => {
    fixture.editJson(
      PROCESSING,
      ecsJob((task) => {
        task.containers[0].essential = false;
      }),
    );
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: `${TASK}.containers`,
      found: '["main: essential false","proxy: essential false"]',
      allowed: expect.stringContaining('at least one essential container'),
    });
  });

  test('a dependency on a container the task does not have', () => {
    fixture.editJson(
      PROCESSING,
      ecsJob((task) => {
        task.containers[0].dependsOn[0].containerName = 'proxxy';
      }),
    );
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: `${TASK}.containers[0].dependsOn[0].containerName`,
      found: '"proxxy"',
      allowed: 'the name of a container of this task: main, proxy',
    });
  });

  test('a container that depends on itself', () => {
    fixture.editJson(
      PROCESSING,
      ecsJob((task) => {
        task.containers[0].dependsOn[0].containerName = 'main';
      }),
    );
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: `${TASK}.containers[0].dependsOn[0].containerName`,
      allowed: expect.stringContaining('cannot depend on itself'),
    });
  });

  test('a cycle of dependencies, with the containers along it', () => {
    fixture.editJson(
      PROCESSING,
      ecsJob((task) => {
        task.containers[1].dependsOn = [{ containerName: 'main', condition: 'START' }];
      }),
    );
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: `${TASK}.containers[0].dependsOn[0].containerName`,
      found: '"proxy"',
      allowed:
        'dependencies without a cycle (main depends on proxy, proxy depends on main): the containers could never start',
    });
  });

  test('waiting for an essential container to complete', () => {
    fixture.editJson(
      PROCESSING,
      ecsJob((task) => {
        task.containers[0].dependsOn[0].condition = 'SUCCESS';
        delete task.containers[1].essential;
      }),
    );
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: `${TASK}.containers[0].dependsOn[0].condition`,
      found: '"SUCCESS"',
      allowed: expect.stringContaining('make proxy essential false'),
    });
  });

  test("a sidecar's secrets without an execution role to read them", () => {
    fixture.editJson(
      PROCESSING,
      ecsJob((task) => {
        task.containers[1].secrets = [
          { name: 'TOKEN', valueFrom: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:proxy-AbCdEf' },
        ];
      }),
    );
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: `${TASK}.executionRoleArn`,
      found: 'nothing (the key is missing)',
      allowed: expect.stringContaining('ECS reads secrets of proxy with it'),
    });
  });

  test('private registry credentials without an execution role', () => {
    fixture.editJson(
      PROCESSING,
      ecsJob((task) => {
        task.containers[1].repositoryCredentials = {
          credentialsParameter: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:registry-AbCdEf',
        };
      }),
    );
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: `${TASK}.executionRoleArn`,
      allowed: expect.stringContaining('repositoryCredentials of proxy'),
    });
  });

  test("a secret as a sidecar's literal environment value, never echoed", () => {
    fixture.editJson(
      PROCESSING,
      ecsJob((task) => {
        task.containers[1].environment = [{ name: 'API_TOKEN', value: 'hunter2' }];
      }),
    );
    const problem = onlyProblem(fixture);
    expect(problem).toMatchObject({ jsonPath: `${TASK}.containers[1].environment[0].value`, found: '"<redacted>"' });
    expect(JSON.stringify(problem)).not.toContain('hunter2');
  });

  test('a misspelled container key, with the AWS spelling suggested', () => {
    fixture.editJson(
      PROCESSING,
      ecsJob((task) => {
        task.containers[1].essentail = false;
      }),
    );
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: `${TASK}.containers[1].essentail`,
      allowed: expect.stringContaining('"essential" (closest match)'),
    });
  });

  test('a mount point of a volume the task does not have', () => {
    fixture.editJson(
      PROCESSING,
      ecsJob((task) => {
        task.containers[1].mountPoints = [{ containerPath: '/shared', sourceVolume: 'shared' }];
      }),
    );
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: `${TASK}.containers[1].mountPoints[0].sourceVolume`,
      allowed: 'the name of a volume of this task: (none under "volumes")',
    });
  });

  test('awsfirelens without a log router container', () => {
    fixture.editJson(
      PROCESSING,
      ecsJob((task) => {
        task.containers[0].logConfiguration = { logDriver: 'awsfirelens', options: { Name: 'cloudwatch' } };
      }),
    );
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: `${TASK}.containers[0].logConfiguration.logDriver`,
      allowed: expect.stringContaining('firelensConfiguration'),
    });
  });

  test('a sidecar logging to a log group the stack does not create', () => {
    fixture.editJson(
      PROCESSING,
      ecsJob((task) => {
        task.containers[1].logConfiguration = {
          logDriver: 'awslogs',
          options: { 'awslogs-group': '/aws/batch/proxy' },
        };
      }),
    );
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: `${TASK}.containers[1].logConfiguration.options["awslogs-group"]`,
      found: '"/aws/batch/proxy"',
    });
  });

  test('no vCPUs in any container', () => {
    fixture.editJson(
      PROCESSING,
      ecsJob((task) => {
        for (const c of task.containers) c.resourceRequirements = [{ type: 'MEMORY', value: '2048' }];
      }),
    );
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: `${TASK}.containers`,
      allowed: expect.stringContaining('a VCPU resourceRequirement in at least one container'),
    });
  });

  test('a fractional vCPU on EC2', () => {
    fixture.editJson(
      PROCESSING,
      ecsJob((task) => {
        task.containers[1].resourceRequirements[0].value = '0.5';
      }),
    );
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: `${TASK}.containers[1].resourceRequirements[0].value`,
      found: '"0.5"',
      allowed: expect.stringContaining('a whole number of vCPUs'),
    });
  });

  test('Fargate settings on an EC2 task', () => {
    fixture.editJson(
      PROCESSING,
      ecsJob((task) => {
        task.platformVersion = '1.4.0';
      }),
    );
    expect(onlyProblem(fixture)).toMatchObject({
      jsonPath: `${TASK}.platformVersion`,
      allowed: expect.stringContaining('applies to Fargate jobs only'),
    });
  });

  describe('on Fargate', () => {
    test('no execution role', () => {
      fixture.editJson(
        PROCESSING,
        ecsJob((task) => {
          delete task.executionRoleArn;
        }, 'FARGATE'),
      );
      expect(onlyProblem(fixture)).toMatchObject({
        jsonPath: `${TASK}.executionRoleArn`,
        allowed: expect.stringContaining('Fargate jobs need one'),
      });
    });

    test('containers whose vCPUs add up to no Fargate size (each one alone would be)', () => {
      fixture.editJson(
        PROCESSING,
        ecsJob((task) => {
          task.containers[1].resourceRequirements = resources('0.5', '1024');
        }, 'FARGATE'),
      );
      expect(onlyProblem(fixture)).toMatchObject({
        jsonPath: `${TASK}.containers`,
        found: '"1.5 vCPU and 3072 MiB in all (main 1/2048, proxy 0.5/1024)"',
        allowed:
          "totals Fargate offers, since the task's size is the sum of its containers': a VCPU total one of " +
          '"0.25", "0.5", "1", "2", "4", "8", "16" on Fargate',
      });
    });

    test('a memory total Fargate does not offer with the vCPU total', () => {
      fixture.editJson(
        PROCESSING,
        ecsJob((task) => {
          task.containers[1].resourceRequirements = resources('1', '1024');
        }, 'FARGATE'),
      );
      expect(onlyProblem(fixture)).toMatchObject({
        jsonPath: `${TASK}.containers`,
        allowed: expect.stringContaining('a MEMORY total with 2 vCPU on Fargate: 4096 to 16384 in steps of 1024 MiB'),
      });
    });

    test('a privileged sidecar', () => {
      fixture.editJson(
        PROCESSING,
        ecsJob((task) => {
          task.containers[1].privileged = true;
        }, 'FARGATE'),
      );
      expect(onlyProblem(fixture)).toMatchObject({
        jsonPath: `${TASK}.containers[1].privileged`,
        allowed: expect.stringContaining('false on Fargate'),
      });
    });

    test('a GPU', () => {
      fixture.editJson(
        PROCESSING,
        ecsJob((task) => {
          task.containers[0].resourceRequirements.push({ type: 'GPU', value: '1' });
        }, 'FARGATE'),
      );
      expect(onlyProblem(fixture)).toMatchObject({
        jsonPath: `${TASK}.containers[0].resourceRequirements[2].value`,
        allowed: expect.stringContaining('no GPU on Fargate'),
      });
    });

    test.each([
      ['ipcMode', 'task', 'no ipcMode on Fargate'],
      ['pidMode', 'host', '"task" or not set on Fargate'],
    ])('%s %s', (key, value, allowed) => {
      fixture.editJson(
        PROCESSING,
        ecsJob((task) => {
          task[key] = value;
        }, 'FARGATE'),
      );
      expect(onlyProblem(fixture)).toMatchObject({
        jsonPath: `${TASK}.${key}`,
        allowed: expect.stringContaining(allowed),
      });
    });

    test('a stop timeout longer than Fargate waits', () => {
      fixture.editJson(
        PROCESSING,
        ecsJob((task) => {
          task.containers[1].stopTimeout = 300;
        }, 'FARGATE'),
      );
      expect(onlyProblem(fixture)).toMatchObject({
        jsonPath: `${TASK}.containers[1].stopTimeout`,
        found: '300',
        allowed: 'a number <= 120 on Fargate',
      });
    });

    test('a host volume', () => {
      fixture.editJson(
        PROCESSING,
        ecsJob((task) => {
          task.volumes = [{ name: 'shared', host: { sourcePath: '/data' } }];
        }, 'FARGATE'),
      );
      expect(onlyProblem(fixture)).toMatchObject({
        jsonPath: `${TASK}.volumes[0].host`,
        allowed: expect.stringContaining('no host volumes on Fargate'),
      });
    });
  });
});
