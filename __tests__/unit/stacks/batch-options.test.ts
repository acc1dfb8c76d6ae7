import { BatchComputeEnvironment } from '@cdktf/provider-aws/lib/batch-compute-environment';
import { BatchJobDefinition } from '@cdktf/provider-aws/lib/batch-job-definition';
import { BatchJobQueue } from '@cdktf/provider-aws/lib/batch-job-queue';
import { BatchSchedulingPolicy } from '@cdktf/provider-aws/lib/batch-scheduling-policy';
import type { ContainerProperties } from '@aws-sdk/client-batch';
import { type MinimalPlatformFiles, minimalEnvironment } from '../../support/minimal-environment';
import { block, parsed, statementsOf, synthEnvironment, text, type TerraformBlock } from '../../support/synth-helpers';

/** Names the Batch service, instance and Spot Fleet roles and sets the job roles in the defaults' iam section. */
function nameBatchRoles(files: MinimalPlatformFiles, jobRoles: Readonly<Record<string, { name: string }>>): void {
  Object.assign(files['config/defaults.json']!.iam as object, {
    batch_service_role_name: '{prefix}-batch-service',
    batch_instance_role_name: '{prefix}-instance',
    spot_fleet_role_name: '{prefix}-spot-fleet',
    job_roles: jobRoles,
  });
}

/**
 * The minimal environment with every batch-json option the platform offers: five compute
 * environments of all kinds (SPOT from the stack's own launch template, the platform's roles), a
 * fair-share queue with its scheduling policy, an EC2 job, a Fargate job, a Fargate job of a main
 * container and its log router sidecar (ecs_properties) and a multi-node parallel job.
 */
function everyOption(files: MinimalPlatformFiles): void {
  nameBatchRoles(files, { report_job: { name: '{prefix}-report-job' } });
  files['batch-json/launch-template.json'] = {
    name: '{prefix}-batch-lt',
    metadata_options: { http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 },
    block_device_mappings: [
      { device_name: '/dev/xvda', ebs: { volume_size: 30, volume_type: 'gp3', encrypted: true } },
    ],
  };
  files['batch-json/compute-environment.json'] = {
    compute_environments: {
      compute_environment: {
        compute_environment_name: '{prefix}-spot',
        type: 'MANAGED',
        compute_resources: {
          type: 'SPOT',
          allocation_strategy: 'SPOT_PRICE_CAPACITY_OPTIMIZED',
          bid_percentage: 100,
          min_vcpus: 0,
          max_vcpus: 64,
          instance_types: ['c5'],
          launch_template: { launch_template_name: '{prefix}-batch-lt' },
        },
      },
      ec2_on_demand: {
        compute_environment_name: '{prefix}-adopted-ec2',
        fixed_name: true,
        type: 'MANAGED',
        service_role: 'service_linked',
        compute_resources: {
          type: 'EC2',
          min_vcpus: 0,
          max_vcpus: 32,
          desired_vcpus: 2,
          instance_types: ['default_x86_64'],
          launch_template: { launch_template_id: 'lt-0123456789abcdef0', version: '7' },
          ec2_configuration: [
            { image_type: 'ECS_AL2023', image_id_override: 'ami-0123456789abcdef0' },
            { image_type: 'ECS_AL2023_NVIDIA' },
          ],
          ec2_key_pair: 'ops',
          placement_group: 'batch-cluster',
          instance_role: 'arn:aws:iam::111111111111:instance-profile/custom-batch-instance',
          tags: { InstanceTag: 'adopted' },
        },
        update_policy: { terminate_jobs_on_update: false, job_execution_timeout_minutes: 30 },
        tags: { Team: 'data' },
      },
      fargate: {
        compute_environment_name: '{prefix}-fargate',
        type: 'MANAGED',
        service_role: 'arn:aws:iam::111111111111:role/custom-batch-service',
        compute_resources: { type: 'FARGATE', max_vcpus: 16 },
      },
      unmanaged: { compute_environment_name: '{prefix}-unmanaged', type: 'UNMANAGED' },
      spot_updatable: {
        compute_environment_name: '{prefix}-spot-updatable',
        type: 'MANAGED',
        service_role: 'service_linked',
        compute_resources: {
          type: 'SPOT',
          allocation_strategy: 'SPOT_CAPACITY_OPTIMIZED',
          min_vcpus: 0,
          max_vcpus: 16,
          instance_types: ['c5'],
          launch_template: { launch_template_name: '{prefix}-batch-lt' },
        },
      },
    },
  };
  files['batch-json/scheduling-policy.json'] = {
    name: '{prefix}-fair-share',
    fair_share_policy: {
      compute_reservation: 10,
      share_decay_seconds: 3600,
      share_distribution: [{ share_identifier: 'teamA', weight_factor: 0.5 }, { share_identifier: 'teamB*' }],
    },
  };
  files['batch-json/job-queue.json'] = {
    job_queues: {
      spot_queue: {
        name: '{prefix}-spot',
        state: 'ENABLED',
        priority: 1,
        compute_environment_order: [{ order: 1, compute_environment: '{prefix}-spot' }],
      },
      fair_share_queue: {
        name: '{prefix}-fair-share',
        state: 'ENABLED',
        priority: 5,
        compute_environment_order: [{ order: 1, compute_environment: '{prefix}-adopted-ec2' }],
        scheduling_policy: '{prefix}-fair-share',
        job_state_time_limit_action: [{ max_time_seconds: 3600, reason: 'CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY' }],
      },
      fargate_queue: {
        name: '{prefix}-queue',
        state: 'ENABLED',
        priority: 1,
        compute_environment_order: [{ order: 1, compute_environment: '{prefix}-fargate' }],
      },
    },
  };
  // The EC2 fair-share queue can run every EC2 job definition, so each carries a priority.
  files['batch-json/processing-job.json'] = {
    name: '{prefix}-processing',
    platform_capabilities: ['EC2'],
    scheduling_priority: 50,
    retry_strategy: {
      attempts: 3,
      evaluate_on_exit: [
        { action: 'RETRY', on_status_reason: 'Host EC2*' },
        { action: 'RETRY', on_reason: 'CannotPullContainerError*' },
        { action: 'EXIT', on_reason: '*' },
      ],
    },
    container_properties: {
      image: 'public.ecr.aws/docker/library/busybox:1.36',
      resourceRequirements: [
        { type: 'VCPU', value: '2' },
        { type: 'MEMORY', value: '4096' },
      ],
    },
  };
  files['batch-json/fargate-report-job.json'] = {
    name: '{prefix}-fargate-report',
    platform_capabilities: ['FARGATE'],
    parameters: { report_date: 'today' },
    timeout: { attempt_duration_seconds: 600 },
    deregister_on_new_revision: true,
    container_properties: {
      image: 'public.ecr.aws/docker/library/python:3.12',
      command: ['python', 'report.py', 'Ref::report_date'],
      resourceRequirements: [
        { type: 'VCPU', value: '0.5' },
        { type: 'MEMORY', value: '2048' },
      ],
      executionRoleArn: '{dependency.iam.execution_role_arn}',
      secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbCdEf' }],
      ephemeralStorage: { sizeInGiB: 40 },
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'ARM64' },
      linuxParameters: { initProcessEnabled: true },
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/aws/batch/{prefix}-worker',
          'awslogs-region': '{region}',
          'awslogs-stream-prefix': 'report',
        },
      },
    },
  };
  files['batch-json/sidecar-report-job.json'] = {
    name: '{prefix}-sidecar-report',
    platform_capabilities: ['FARGATE'],
    parameters: { report_date: 'today' },
    ecs_properties: {
      taskProperties: [
        {
          executionRoleArn: '{dependency.iam.execution_role_arn}',
          taskRoleArn: '{dependency.iam.job_role_arns.report_job}',
          ephemeralStorage: { sizeInGiB: 30 },
          runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'ARM64' },
          volumes: [{ name: 'scratch' }],
          containers: [
            {
              name: 'report',
              image: 'public.ecr.aws/docker/library/python:3.12',
              command: ['sh', '-c', 'python report.py --date Ref::report_date --out ${SCRATCH}'],
              resourceRequirements: [
                { type: 'MEMORY', value: '3072' },
                { type: 'VCPU', value: '0.75' },
              ],
              environment: [
                { name: 'SCRATCH', value: '/scratch' },
                { name: 'QUEUE_URL', value: '{dependency.sqs.core_queue_url}' },
              ],
              secrets: [
                {
                  name: 'DB_PASSWORD',
                  valueFrom: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:report-db-AbCdEf',
                },
              ],
              mountPoints: [{ containerPath: '/scratch', sourceVolume: 'scratch' }],
              dependsOn: [{ containerName: 'log_router', condition: 'START' }],
              logConfiguration: {
                logDriver: 'awsfirelens',
                options: {
                  Name: 'cloudwatch_logs',
                  region: '{region}',
                  log_group_name: '/aws/batch/{prefix}-worker',
                },
              },
            },
            {
              name: 'log_router',
              image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
              resourceRequirements: [
                { type: 'VCPU', value: '0.25' },
                { type: 'MEMORY', value: '1024' },
              ],
              firelensConfiguration: { type: 'fluentbit' },
              logConfiguration: {
                logDriver: 'awslogs',
                options: {
                  'awslogs-group': '/aws/batch/{prefix}-worker',
                  'awslogs-region': '{region}',
                  'awslogs-stream-prefix': 'router',
                },
              },
            },
          ],
        },
      ],
    },
  };
  files['batch-json/mpi-job.json'] = {
    name: '{prefix}-mpi',
    type: 'multinode',
    scheduling_priority: 10,
    node_properties: {
      numNodes: 4,
      mainNode: 0,
      nodeRangeProperties: [
        {
          targetNodes: '0',
          container: { image: 'mpi:1', command: ['coordinator'], vcpus: 4, memory: 8192, instanceType: 'c5.xlarge' },
        },
        {
          targetNodes: '1:',
          container: {
            image: 'mpi:1',
            command: ['worker'],
            resourceRequirements: [
              { type: 'VCPU', value: '8' },
              { type: 'MEMORY', value: '16384' },
              { type: 'GPU', value: '1' },
            ],
          },
        },
      ],
    },
  };
}

const environment = minimalEnvironment(everyOption);
const offline = synthEnvironment(environment);
const real = synthEnvironment(environment, { mode: 'real' });
const batch = parsed(offline.batch);
const realBatch = parsed(real.batch);
const resources = (type: string): Readonly<Record<string, TerraformBlock>> => batch.resource[type] ?? {};

describe('compute environments', () => {
  test('a generated name from the prefix, created before the old one is destroyed, by default', () => {
    const ce = resources('aws_batch_compute_environment').compute_environment;
    expect(ce.compute_environment_name_prefix).toBe('mini-test-spot-');
    expect(ce.compute_environment_name).toBeUndefined();
    expect(ce.lifecycle).toMatchObject({
      create_before_destroy: true,
      ignore_changes: ['compute_resources[0].desired_vcpus'],
    });
  });

  test('a fixed name for an adopted environment, without create_before_destroy (the name cannot exist twice)', () => {
    const ce = resources('aws_batch_compute_environment').ec2_on_demand;
    expect(ce.compute_environment_name).toBe('mini-test-adopted-ec2');
    expect(ce.compute_environment_name_prefix).toBeUndefined();
    expect(block(ce.lifecycle).create_before_destroy).toBeUndefined();
    expect(block(ce.lifecycle).ignore_changes).toEqual(['compute_resources[0].desired_vcpus']);
  });

  // Instance class, an external launch template pinned at its version, AMIs, key pair, placement group, own profile.
  test('EC2 with every instance option', () => {
    expect(offline.batch).toHaveResourceWithProperties(BatchComputeEnvironment, {
      compute_environment_name: 'mini-test-adopted-ec2',
      type: 'MANAGED',
      update_policy: { terminate_jobs_on_update: false, job_execution_timeout_minutes: 30 },
      tags: { Team: 'data' },
      compute_resources: {
        type: 'EC2',
        allocation_strategy: 'BEST_FIT_PROGRESSIVE',
        min_vcpus: 0,
        max_vcpus: 32,
        desired_vcpus: 2,
        instance_type: ['default_x86_64'],
        launch_template: { launch_template_id: 'lt-0123456789abcdef0', version: '7' },
        ec2_configuration: [
          { image_type: 'ECS_AL2023', image_id_override: 'ami-0123456789abcdef0' },
          { image_type: 'ECS_AL2023_NVIDIA' },
        ],
        ec2_key_pair: 'ops',
        placement_group: 'batch-cluster',
        instance_role: 'arn:aws:iam::111111111111:instance-profile/custom-batch-instance',
        tags: { InstanceTag: 'adopted' },
        subnets: ['subnet-0c10000000000a001'],
        security_group_ids: ['sg-00000000000000000'],
      },
    });
  });

  test('compute-resource tags stay apart from the resource tags and from the provider default tags', () => {
    const ce = resources('aws_batch_compute_environment').ec2_on_demand;
    expect(block(ce.compute_resources).tags).toEqual({ InstanceTag: 'adopted' });
    expect(ce.tags).toEqual({ Team: 'data' });
    const mainCe = resources('aws_batch_compute_environment').compute_environment;
    expect(block(mainCe.compute_resources).tags).toBeUndefined();
  });

  test('the service-linked role leaves service_role out; the platform role and a given ARN are set', () => {
    const ces = resources('aws_batch_compute_environment');
    expect(ces.ec2_on_demand.service_role).toBeUndefined();
    expect(ces.fargate.service_role).toBe('arn:aws:iam::111111111111:role/custom-batch-service');
    expect(realBatch.resource.aws_batch_compute_environment.compute_environment.service_role).toContain(
      'data.terraform_remote_state.iam[0].outputs.batch_service_role_arn',
    );
  });

  test('SPOT gets its bid, the Spot Fleet role and the spot allocation strategy; no other type does', () => {
    const ces = resources('aws_batch_compute_environment');
    expect(ces.compute_environment.compute_resources).toMatchObject({
      type: 'SPOT',
      bid_percentage: 100,
      allocation_strategy: 'SPOT_PRICE_CAPACITY_OPTIMIZED',
    });
    expect(
      block(realBatch.resource.aws_batch_compute_environment.compute_environment.compute_resources).spot_iam_fleet_role,
    ).toContain('data.terraform_remote_state.iam[0].outputs.spot_fleet_role_arn');
    for (const name of ['ec2_on_demand', 'fargate']) {
      expect(block(ces[name].compute_resources).spot_iam_fleet_role).toBeUndefined();
      expect(block(ces[name].compute_resources).bid_percentage).toBeUndefined();
    }
  });

  test('Fargate: only capacity, subnets and security groups', () => {
    expect(resources('aws_batch_compute_environment').fargate.compute_resources).toEqual({
      type: 'FARGATE',
      max_vcpus: 16,
      subnets: ['subnet-0c10000000000a001'],
      security_group_ids: ['sg-00000000000000000'],
    });
  });

  // The platform's own kind: the platform role, SPOT_PRICE_CAPACITY_OPTIMIZED.
  test("a new version of the stack's own template replaces an environment the provider cannot update", () => {
    const trigger = ['aws_launch_template.launch_template.latest_version'];
    expect(
      block(resources('aws_batch_compute_environment').compute_environment.lifecycle).replace_triggered_by,
    ).toEqual(trigger);
    expect(
      block(realBatch.resource.aws_batch_compute_environment.compute_environment.lifecycle).replace_triggered_by,
    ).toEqual(trigger);
  });

  // Updatable: the service-linked role, SPOT_CAPACITY_OPTIMIZED; a template made elsewhere is pinned at a number.
  test('no trigger on an updatable environment, nor for a template made elsewhere', () => {
    const ces = resources('aws_batch_compute_environment');
    expect(block(ces.spot_updatable.compute_resources).launch_template).toEqual({
      launch_template_id: '${aws_launch_template.launch_template.id}',
      version: '${aws_launch_template.launch_template.latest_version}',
    });
    expect(block(ces.spot_updatable.lifecycle).replace_triggered_by).toBeUndefined();
    expect(block(ces.ec2_on_demand.lifecycle).replace_triggered_by).toBeUndefined();
  });

  test('UNMANAGED: no compute resources, nothing to ignore', () => {
    const ce = resources('aws_batch_compute_environment').unmanaged;
    expect(ce).toMatchObject({ type: 'UNMANAGED', compute_environment_name_prefix: 'mini-test-unmanaged-' });
    expect(ce.compute_resources).toBeUndefined();
    expect(block(ce.lifecycle).ignore_changes).toBeUndefined();
  });
});

describe('job queues and scheduling policies', () => {
  test('the fair-share policy carries reservation, decay and the share weights', () => {
    expect(offline.batch).toHaveResourceWithProperties(BatchSchedulingPolicy, {
      name: 'mini-test-fair-share',
      fair_share_policy: {
        compute_reservation: 10,
        share_decay_seconds: 3600,
        share_distribution: [{ share_identifier: 'teamA', weight_factor: 0.5 }, { share_identifier: 'teamB*' }],
      },
    });
  });

  test('a fair-share queue points at its policy and cancels jobs stuck RUNNABLE', () => {
    expect(offline.batch).toHaveResourceWithProperties(BatchJobQueue, {
      name: 'mini-test-fair-share',
      priority: 5,
      scheduling_policy_arn: '${aws_batch_scheduling_policy.scheduling_policy.arn}',
      job_state_time_limit_action: [
        {
          action: 'CANCEL',
          state: 'RUNNABLE',
          max_time_seconds: 3600,
          reason: 'CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY',
        },
      ],
      compute_environment_order: [
        { order: 1, compute_environment: '${aws_batch_compute_environment.ec2_on_demand.arn}' },
      ],
    });
    expect(resources('aws_batch_job_queue').fargate_queue.scheduling_policy_arn).toBeUndefined();
  });
});

describe('job definitions', () => {
  const container = (name: string): ContainerProperties =>
    JSON.parse(text(resources('aws_batch_job_definition')[name]?.container_properties));

  test('Fargate: the pair, execution role, no public IP, LATEST platform, storage, runtime platform, secrets', () => {
    expect(offline.batch).toHaveResourceWithProperties(BatchJobDefinition, {
      name: 'mini-test-fargate-report',
      type: 'container',
      platform_capabilities: ['FARGATE'],
      parameters: { report_date: 'today' },
      timeout: { attempt_duration_seconds: 600 },
      deregister_on_new_revision: true,
      propagate_tags: true,
    });
    expect(container('fargate_report_job')).toEqual({
      image: 'public.ecr.aws/docker/library/python:3.12',
      command: ['python', 'report.py', 'Ref::report_date'],
      resourceRequirements: [
        { type: 'VCPU', value: '0.5' },
        { type: 'MEMORY', value: '2048' },
      ],
      executionRoleArn: 'arn:aws:iam::111111111111:role/mini-test-execution',
      secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbCdEf' }],
      ephemeralStorage: { sizeInGiB: 40 },
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'ARM64' },
      linuxParameters: { initProcessEnabled: true },
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/aws/batch/mini-test-worker',
          'awslogs-region': 'eu-west-1',
          'awslogs-stream-prefix': 'report',
        },
      },
      readonlyRootFilesystem: true,
      privileged: false,
      networkConfiguration: { assignPublicIp: 'DISABLED' },
      fargatePlatformConfiguration: { platformVersion: 'LATEST' },
    });
  });

  test('the execution role reads the secrets the job definitions inject (ecs_properties too), nothing else', () => {
    const iam = parsed(offline.iam);
    const statements = statementsOf(iam.resource.aws_iam_role_policy.execution_role_policy?.policy);
    expect(statements).toEqual([
      expect.objectContaining({
        Sid: 'ReadSecrets',
        Action: 'secretsmanager:GetSecretValue',
        Resource: [
          'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbCdEf',
          'arn:aws:secretsmanager:eu-west-1:111111111111:secret:report-db-AbCdEf',
        ],
      }),
    ]);
  });

  // Placeholders filled, requirements ordered, Fargate defaults stated, shell syntax escaped.
  test('ecs_properties: the task rendered as AWS takes it', () => {
    const definition = resources('aws_batch_job_definition').sidecar_report_job;
    expect(definition).toMatchObject({
      name: 'mini-test-sidecar-report',
      type: 'container',
      platform_capabilities: ['FARGATE'],
      parameters: { report_date: 'today' },
    });
    expect(definition.container_properties).toBeUndefined();
    expect(definition.node_properties).toBeUndefined();
    expect(definition.ecs_properties).toContain('$${SCRATCH}');
    expect(JSON.parse(text(definition.ecs_properties).replace('$${', '${'))).toEqual({
      taskProperties: [
        {
          executionRoleArn: 'arn:aws:iam::111111111111:role/mini-test-execution',
          taskRoleArn: 'arn:aws:iam::111111111111:role/mini-test-report-job',
          ephemeralStorage: { sizeInGiB: 30 },
          runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'ARM64' },
          volumes: [{ name: 'scratch' }],
          networkConfiguration: { assignPublicIp: 'DISABLED' },
          platformVersion: 'LATEST',
          containers: [
            {
              name: 'report',
              image: 'public.ecr.aws/docker/library/python:3.12',
              command: ['sh', '-c', 'python report.py --date Ref::report_date --out ${SCRATCH}'],
              resourceRequirements: [
                { type: 'VCPU', value: '0.75' },
                { type: 'MEMORY', value: '3072' },
              ],
              environment: [
                { name: 'SCRATCH', value: '/scratch' },
                { name: 'QUEUE_URL', value: 'https://sqs.eu-west-1.amazonaws.com/111111111111/mini-test-results' },
              ],
              secrets: [
                {
                  name: 'DB_PASSWORD',
                  valueFrom: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:report-db-AbCdEf',
                },
              ],
              mountPoints: [{ containerPath: '/scratch', sourceVolume: 'scratch' }],
              dependsOn: [{ containerName: 'log_router', condition: 'START' }],
              logConfiguration: {
                logDriver: 'awsfirelens',
                options: {
                  Name: 'cloudwatch_logs',
                  region: 'eu-west-1',
                  log_group_name: '/aws/batch/mini-test-worker',
                },
              },
              readonlyRootFilesystem: true,
              privileged: false,
            },
            {
              name: 'log_router',
              image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
              resourceRequirements: [
                { type: 'VCPU', value: '0.25' },
                { type: 'MEMORY', value: '1024' },
              ],
              firelensConfiguration: { type: 'fluentbit' },
              logConfiguration: {
                logDriver: 'awslogs',
                options: {
                  'awslogs-group': '/aws/batch/mini-test-worker',
                  'awslogs-region': 'eu-west-1',
                  'awslogs-stream-prefix': 'router',
                },
              },
              readonlyRootFilesystem: true,
              privileged: false,
            },
          ],
        },
      ],
    });
  });

  test("ecs_properties read the upstream stacks' outputs through remote state in a real synth", () => {
    const ecs = realBatch.resource.aws_batch_job_definition.sidecar_report_job.ecs_properties;
    expect(ecs).toContain('data.terraform_remote_state.iam[0].outputs.execution_role_arn');
    expect(ecs).toContain('lookup(data.terraform_remote_state.iam[0].outputs.job_role_arns, "report_job")');
    expect(ecs).toContain('data.terraform_remote_state.sqs[0].outputs.core_queue_url');
  });

  test('multinode: node ranges and their containers, deprecated vcpus/memory translated, GPUs, instance types', () => {
    const definition = resources('aws_batch_job_definition').mpi_job;
    expect(definition).toMatchObject({ type: 'multinode', platform_capabilities: ['EC2'], scheduling_priority: 10 });
    expect(definition.container_properties).toBeUndefined();
    expect(JSON.parse(text(definition.node_properties))).toEqual({
      numNodes: 4,
      mainNode: 0,
      nodeRangeProperties: [
        {
          targetNodes: '0',
          container: {
            image: 'mpi:1',
            command: ['coordinator'],
            instanceType: 'c5.xlarge',
            readonlyRootFilesystem: true,
            privileged: false,
            resourceRequirements: [
              { type: 'VCPU', value: '4' },
              { type: 'MEMORY', value: '8192' },
            ],
          },
        },
        {
          targetNodes: '1:',
          container: {
            image: 'mpi:1',
            command: ['worker'],
            readonlyRootFilesystem: true,
            privileged: false,
            resourceRequirements: [
              { type: 'VCPU', value: '8' },
              { type: 'MEMORY', value: '16384' },
              { type: 'GPU', value: '1' },
            ],
          },
        },
      ],
    });
  });

  test('scheduling_priority reaches the definitions that can run on the fair-share queue', () => {
    expect(resources('aws_batch_job_definition').processing_job.scheduling_priority).toBe(50);
  });

  test('retry on spot reclaim, image pull failures and exit codes, then exit', () => {
    expect(resources('aws_batch_job_definition').processing_job.retry_strategy).toEqual({
      attempts: 3,
      evaluate_on_exit: [
        { action: 'RETRY', on_status_reason: 'Host EC2*' },
        { action: 'RETRY', on_reason: 'CannotPullContainerError*' },
        { action: 'EXIT', on_reason: '*' },
      ],
    });
  });
});

// The minimal environment is one: a Fargate compute environment, its queue and a Fargate job.
describe('a Fargate-only platform', () => {
  // Names of the Batch roles stay configured: the compute environments decide which roles exist.
  const fargateOnly = minimalEnvironment((files) =>
    nameBatchRoles(files, { worker_job: { name: '{prefix}-worker-job' } }),
  );
  const synth = synthEnvironment(fargateOnly, { mode: 'real' });
  const iam = parsed(synth.iam);

  test('the iam stack creates no Batch service, instance or Spot Fleet role, and says so in its outputs', () => {
    expect(
      Object.keys(iam.resource.aws_iam_role)
        .filter((role) => !/_state_machine_role$|_pipe_role$/.test(role))
        .sort(),
    ).toEqual(['execution_role', 'worker_job']);
    expect(iam.resource.aws_iam_instance_profile).toBeUndefined();
    for (const output of ['batch_service_role_arn', 'batch_instance_profile_arn', 'spot_fleet_role_arn'])
      expect(iam.output[output].value).toBeNull();
  });

  test('the batch stack reads none of those outputs', () => {
    const batchJson = synth.batch;
    expect(batchJson).not.toContain('batch_service_role_arn');
    expect(batchJson).not.toContain('batch_instance_profile_arn');
    expect(batchJson).not.toContain('spot_fleet_role_arn');
    expect(batchJson).toContain('data.terraform_remote_state.iam[0].outputs.execution_role_arn');
  });
});
