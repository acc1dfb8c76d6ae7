import { loadConfiguration } from '../../../main';
import { ConfigFixture, PROJECT_ROOT } from '../../support/config-fixture';
import {
  at,
  block,
  parsed,
  shippedEnvironment,
  synthEnvironment,
  type TerraformBlock,
} from '../../support/synth-helpers';

/** Every resource of an environment's stacks, as `type.name` with its arguments. */
function resourcesOf(stacks: Record<string, string>): Map<string, TerraformBlock> {
  const out = new Map<string, TerraformBlock>();
  for (const json of Object.values(stacks)) {
    for (const [type, byName] of Object.entries(parsed(json).resource ?? {})) {
      for (const [name, values] of Object.entries(byName)) out.set(`${type}.${name}`, values);
    }
  }
  return out;
}

/** A resource's lifecycle block; empty when it has none. */
const lifecycleOf = (resource: TerraformBlock | undefined): TerraformBlock => block(resource?.lifecycle ?? {});

/** Addresses whose lifecycle has prevent_destroy. */
function protectedAddresses(resources: Map<string, TerraformBlock>): string[] {
  return [...resources]
    .filter(([, values]) => lifecycleOf(values).prevent_destroy === true)
    .map(([address]) => address)
    .sort();
}

describe('prevent_destroy on stateful resources', () => {
  test('prod: on every queue and log group of every stack, and on nothing else', () => {
    const resources = resourcesOf(synthEnvironment(shippedEnvironment('prod'), { mode: 'real' }));
    expect(protectedAddresses(resources)).toEqual([
      'aws_cloudwatch_log_group.array_fanout_logs',
      'aws_cloudwatch_log_group.batch_group_logs',
      'aws_cloudwatch_log_group.batch_processing',
      'aws_cloudwatch_log_group.batch_validation',
      'aws_cloudwatch_log_group.hybrid_router_logs',
      'aws_cloudwatch_log_group.incoming_files_pipe_logs',
      'aws_cloudwatch_log_group.nightly_schedule_logs',
      'aws_sqs_queue.core_queue',
      'aws_sqs_queue.core_queue_dead_letter',
      'aws_sqs_queue.incoming_files_queue',
      'aws_sqs_queue.incoming_files_queue_dead_letter',
    ]);
  });

  test("prod offline: kept beside the offline guard's precondition", () => {
    const queue = resourcesOf(synthEnvironment(shippedEnvironment('prod'), { mode: 'offline' })).get(
      'aws_sqs_queue.core_queue',
    );
    expect(lifecycleOf(queue).prevent_destroy).toBe(true);
    expect(lifecycleOf(queue).precondition).toHaveLength(1);
  });

  test.each(['dev', 'staging'])('%s: off, so the environment can be torn down', (name) => {
    expect(protectedAddresses(resourcesOf(synthEnvironment(shippedEnvironment(name), { mode: 'real' })))).toEqual([]);
  });

  test('configured by protection.stateful_resource_types (the types) and protection.prevent_destroy', () => {
    const fixture = ConfigFixture.copy();
    try {
      fixture.editJson('config/environments/dev.json', (d) => {
        d.protection = { prevent_destroy: true, stateful_resource_types: ['aws_sqs_queue', 'aws_batch_job_queue'] };
      });
      fixture.editJson('config/environments/prod.json', (d) => {
        d.protection.prevent_destroy = false;
      });
      const config = loadConfiguration({ root: fixture.root });
      const env = (name: string): Map<string, TerraformBlock> =>
        resourcesOf(
          synthEnvironment(
            config.environments.find((e) => e.name === name)!,
            { mode: 'real' },
          ),
        );
      expect(protectedAddresses(env('dev'))).toEqual([
        'aws_batch_job_queue.batch_processing_queue',
        'aws_sqs_queue.core_queue',
        'aws_sqs_queue.core_queue_dead_letter',
        'aws_sqs_queue.incoming_files_queue',
        'aws_sqs_queue.incoming_files_queue_dead_letter',
      ]);
      expect(protectedAddresses(env('prod'))).toEqual([]);
    } finally {
      fixture.dispose();
    }
  });
});

describe("the batch stack's replacement-safety defaults", () => {
  const batch = parsed(synthEnvironment(shippedEnvironment('prod'), { mode: 'real' }).batch);
  const environment = batch.resource.aws_batch_compute_environment.compute_environment;
  const lifecycle = lifecycleOf(environment);

  test('desired vCPUs, which Batch scales itself, never show up as a change', () => {
    expect(lifecycle.ignore_changes).toContain('compute_resources[0].desired_vcpus');
  });

  test("the compute environment pins the launch template's numeric latest version, never $Latest or $Default", () => {
    expect(at(environment, 'compute_resources', 'launch_template', 'version')).toBe(
      '${aws_launch_template.launch_template.latest_version}',
    );
    expect(batch.resource.aws_launch_template.launch_template.update_default_version).toBe(true);
  });

  test('a new launch template version replaces an environment the provider cannot update, in the same plan', () => {
    expect(lifecycle.replace_triggered_by).toEqual(['aws_launch_template.launch_template.latest_version']);
    expect(lifecycle.create_before_destroy).toBe(true);
  });

  test("the provider's default tags stay out of compute_resources, where a change replaces the environment", () => {
    expect(block(environment.compute_resources).tags).toBeUndefined();
    expect(at(batch.provider.aws[0], 'default_tags', 0, 'tags', 'Environment')).toBe('prod');
  });

  test('a new job definition revision leaves the previous one ACTIVE for running and queued jobs', () => {
    for (const job of Object.values(batch.resource.aws_batch_job_definition))
      expect(job.deregister_on_new_revision).toBe(false);
  });
});

test('the shipped prod configuration asks for prevent_destroy', () => {
  expect(
    loadConfiguration({ root: PROJECT_ROOT, environments: ['prod'] }).environments[0]!.settings.protection,
  ).toEqual({ prevent_destroy: true, stateful_resource_types: ['aws_sqs_queue', 'aws_cloudwatch_log_group'] });
});
