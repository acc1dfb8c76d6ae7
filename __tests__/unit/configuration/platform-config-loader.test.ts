import { loadConfiguration } from '../../../main';
import { ConfigFixture, PROJECT_ROOT } from '../../support/config-fixture';

describe('the shipped configuration', () => {
  const config = loadConfiguration({ root: PROJECT_ROOT });
  const env = (name: string) => config.environments.find((e) => e.name === name)!;

  test('has dev, staging and prod, prod in a second account', () => {
    expect(config.environments.map((e) => e.name)).toEqual(['dev', 'prod', 'staging']);
    expect(env('dev').settings.account_id).toBe(env('staging').settings.account_id);
    expect(env('prod').settings.account_id).not.toBe(env('dev').settings.account_id);
  });

  test('fills {prefix} placeholders in batch-json', () => {
    expect(env('dev').batch.logGroups.map((g) => g.config.name)).toEqual([
      '/aws/batch/gss-dev-batch-validation',
      '/aws/batch/gss-dev-batch-processing',
    ]);
    expect(env('staging').batch.jobQueues[0]!.config.name).toBe('gss-staging-batch-queue');
  });

  test('a more specific layer wins: the environment overrides a batch-json value', () => {
    expect(env('dev').batch.computeEnvironments[0]!.config.compute_resources!.max_vcpus).toBe(64);
    expect(env('prod').batch.computeEnvironments[0]!.config.compute_resources!.max_vcpus).toBe(256);
    expect(env('prod').batch.logGroups.map((g) => g.config.retention_in_days)).toEqual([90, 90]);
    expect(env('dev').batch.logGroups.map((g) => g.config.retention_in_days)).toEqual([30, 30]);
  });

  test('maps merge key by key across defaults, account and environment', () => {
    expect(env('prod').settings.tags).toEqual({
      Project: 'gss',
      Platform: 'batch-processing',
      ManagedBy: 'cdktf',
      Repository: 'batch-platform-cdktf',
      CostCenter: 'data-platform-prod',
      Environment: 'prod',
    });
    expect(env('prod').settings.sqs.core_queue.dead_letter_queue).toEqual({
      name: 'gss-prod-core-queue-dlq',
      max_receive_count: 3,
      message_retention_seconds: 1209600,
    });
  });

  test('variables may use other placeholders and reach every layer', () => {
    expect(env('dev').settings.iam.job_roles.batch_job!.s3[0]!.bucket).toBe('gss-dev-chunks');
    expect(env('dev').settings.network.batch_security_group.egress[0]!.prefix_list_id).toBe('pl-6da54004');
  });

  test("translates a Terragrunt tree's vcpus and memory into resourceRequirements", () => {
    const job = env('dev').batch.jobDefinitions.find((j) => j.terraformName === 'batch_processing_job')!;
    expect(job.config.container_properties!.resourceRequirements).toEqual([
      { type: 'VCPU', value: '4' },
      { type: 'MEMORY', value: '8192' },
    ]);
    expect(job.config.container_properties).not.toHaveProperty('vcpus');
  });

  test('keeps {dependency.*} placeholders for the stack to resolve', () => {
    const job = env('dev').batch.jobDefinitions.find((j) => j.terraformName === 'batch_processing_job')!;
    expect(job.config.container_properties!.environment).toContainEqual({
      name: 'SQS_CORE_QUEUE',
      value: '{dependency.sqs.core_queue_url}',
    });
  });
});

describe('merge rules', () => {
  let fixture: ConfigFixture;
  beforeEach(() => {
    fixture = ConfigFixture.copy();
  });
  afterEach(() => fixture.dispose());

  test('an array in a later layer replaces the earlier one whole', () => {
    fixture.editJson('config/environments/dev.json', (d) => {
      d.batch_json['compute-environment.json'].compute_resources.instance_types = ['c6i.2xlarge'];
    });
    const dev = loadConfiguration({ root: fixture.root, environments: ['dev'] }).environments[0]!;
    expect(dev.batch.computeEnvironments[0]!.config.compute_resources!.instance_types).toEqual(['c6i.2xlarge']);
  });

  test('null removes a key an earlier layer set', () => {
    fixture.editJson('config/environments/dev.json', (d) => {
      d.batch_json['compute-environment.json'].compute_resources.desired_vcpus = null;
    });
    const dev = loadConfiguration({ root: fixture.root, environments: ['dev'] }).environments[0]!;
    expect(dev.batch.computeEnvironments[0]!.config.compute_resources).not.toHaveProperty('desired_vcpus');
  });

  test('an overlay layer goes over the environment file', () => {
    fixture.write(
      'overlay.json',
      JSON.stringify({ account_id: '123456789012', network: { vpc_id: 'vpc-0123456789abcdef0' } }),
    );
    const dev = loadConfiguration({
      root: fixture.root,
      environments: ['dev'],
      overlayFiles: () => [fixture.path('overlay.json')],
    }).environments[0]!;
    expect(dev.settings.account_id).toBe('123456789012');
    expect(dev.settings.network.vpc_id).toBe('vpc-0123456789abcdef0');
    expect(dev.settings.network.private_subnet_ids).toHaveLength(2);
  });
});
