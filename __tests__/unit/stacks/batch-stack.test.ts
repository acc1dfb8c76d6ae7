import { BatchComputeEnvironment } from '@cdktf/provider-aws/lib/batch-compute-environment';
import { BatchJobQueue } from '@cdktf/provider-aws/lib/batch-job-queue';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import type { ContainerProperties } from '@aws-sdk/client-batch';
import { type MinimalPlatformFiles, minimalEnvironment } from '../../support/minimal-environment';
import { at, block, parsed, synthEnvironment, text, type TerraformJson } from '../../support/synth-helpers';

type Json = Record<string, unknown>;

/** User data of the instances: AWS Batch merges it with its own, so it is MIME multi-part. */
const USER_DATA = [
  'Content-Type: multipart/mixed; boundary="==BOUNDARY=="',
  'MIME-Version: 1.0',
  '',
  '--==BOUNDARY==',
  'Content-Type: text/x-shellscript; charset="us-ascii"',
  '',
  '#!/bin/bash',
  'echo ECS_ENABLE_SPOT_INSTANCE_DRAINING=true >> /etc/ecs/ecs.config',
  '',
  '--==BOUNDARY==--',
  '',
].join('\n');

/**
 * The minimal environment on EC2 Spot instances: a SPOT compute environment of the c5 family with
 * the platform's roles and its own launch template, and the worker as an EC2 job with its job
 * role, environment (a variable and the sqs stack's core queue), retries and log group.
 */
function onSpotInstances(files: MinimalPlatformFiles): void {
  const defaults = files['config/defaults.json']!;
  defaults.variables = { data_bucket: '{prefix}-data' };
  Object.assign(defaults.iam as Json, {
    batch_service_role_name: '{prefix}-batch-service',
    batch_instance_role_name: '{prefix}-instance',
    spot_fleet_role_name: '{prefix}-spot-fleet',
    job_roles: { worker_job: { name: '{prefix}-worker-job' } },
  });
  files['batch-json/compute-environment.json'] = {
    compute_environment_name: '{prefix}-spot',
    type: 'MANAGED',
    compute_resources: {
      type: 'SPOT',
      bid_percentage: 100,
      min_vcpus: 0,
      max_vcpus: 16,
      instance_types: ['c5.2xlarge', 'c5.xlarge'],
      launch_template: { launch_template_name: '{prefix}-lt' },
      ec2_configuration: [{ image_type: 'ECS_AL2023' }],
    },
  };
  files['batch-json/launch-template.json'] = {
    name: '{prefix}-lt',
    metadata_options: { http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 },
    block_device_mappings: [
      {
        device_name: '/dev/xvda',
        ebs: { volume_size: 100, volume_type: 'gp3', encrypted: true, delete_on_termination: true },
      },
    ],
    monitoring: { enabled: true },
    user_data_file: 'user-data.sh',
  };
  files['batch-json/job-queue.json']!.compute_environment_order = [{ order: 1, compute_environment: '{prefix}-spot' }];
  files['batch-json/worker-job.json'] = {
    name: '{prefix}-worker',
    propagate_tags: true,
    retry_strategy: {
      attempts: 3,
      evaluate_on_exit: [
        { action: 'RETRY', on_status_reason: 'Host EC2*' },
        { action: 'EXIT', on_reason: '*' },
      ],
    },
    timeout: { attempt_duration_seconds: 7200 },
    container_properties: {
      image: 'public.ecr.aws/docker/library/busybox:1.36',
      command: ['sh', '-c', 'echo working'],
      vcpus: 4,
      memory: 8192,
      jobRoleArn: '{dependency.iam.job_role_arns.worker_job}',
      environment: [
        { name: 'AWS_REGION', value: '{region}' },
        { name: 'S3_BUCKET', value: '{data_bucket}' },
        { name: 'SQS_CORE_QUEUE', value: '{dependency.sqs.core_queue_url}' },
      ],
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/aws/batch/{prefix}-worker', 'awslogs-region': '{region}' },
      },
    },
  };
}

const spotEnvironment = (edit: (files: MinimalPlatformFiles) => void = () => undefined) =>
  minimalEnvironment(
    (files) => {
      onSpotInstances(files);
      edit(files);
    },
    { 'config/user-data.sh': USER_DATA },
  );
const offline = synthEnvironment(spotEnvironment());
const real = synthEnvironment(spotEnvironment(), { mode: 'real' });
const stack = parsed(offline.batch);
/** The container properties of a job definition; interpolations (which may hold HCL quotes) kept whole. */
const containerOf = (json: TerraformJson, name: string): ContainerProperties => {
  const interpolations: string[] = [];
  const template = text(json.resource.aws_batch_job_definition[name]?.container_properties).replace(
    /\$\{[^}]*\}/g,
    (expression) => `@${interpolations.push(expression) - 1}@`,
  );
  return JSON.parse(template, (_key, value) =>
    typeof value === 'string' ? value.replace(/@(\d+)@/g, (_m, i) => interpolations[Number(i)]!) : value,
  );
};

describe('batch stack', () => {
  test('the launch template requires IMDSv2, hop limit 1, encrypts a 100 GB gp3 root volume, monitors', () => {
    expect(offline.batch).toHaveResourceWithProperties(LaunchTemplate, {
      name: 'mini-test-lt',
      metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 1, http_endpoint: 'enabled' },
      block_device_mappings: [
        {
          device_name: '/dev/xvda',
          ebs: { volume_size: 100, volume_type: 'gp3', encrypted: 'true', delete_on_termination: 'true' },
        },
      ],
      monitoring: { enabled: true },
    });
    const userData = Buffer.from(text(stack.resource.aws_launch_template.launch_template.user_data), 'base64').toString(
      'utf8',
    );
    expect(userData).toMatch(/^Content-Type: multipart\/mixed/);
  });

  test('the compute environment is EC2 SPOT on the c5 family, 0 to the configured vCPUs, upstream network', () => {
    expect(offline.batch).toHaveResource(BatchComputeEnvironment);
    expect(stack.resource.aws_batch_compute_environment.compute_environment).toMatchObject({
      compute_environment_name_prefix: 'mini-test-spot-',
      type: 'MANAGED',
      compute_resources: {
        type: 'SPOT',
        bid_percentage: 100,
        min_vcpus: 0,
        max_vcpus: 16,
        instance_type: ['c5.2xlarge', 'c5.xlarge'],
        subnets: ['subnet-0c10000000000a001'],
        ec2_configuration: [{ image_type: 'ECS_AL2023' }],
      },
    });
  });

  test("pins the launch template's numeric latest version and leaves desired vCPUs to Batch", () => {
    const ce = stack.resource.aws_batch_compute_environment.compute_environment;
    expect(block(ce.compute_resources).launch_template).toEqual({
      launch_template_id: '${aws_launch_template.launch_template.id}',
      version: '${aws_launch_template.launch_template.latest_version}',
    });
    expect(block(ce.lifecycle).ignore_changes).toEqual(['compute_resources[0].desired_vcpus']);
  });

  test("reads roles, security group and subnets from the upstream stacks' remote state", () => {
    const ce = parsed(real.batch).resource.aws_batch_compute_environment.compute_environment;
    const resources = block(ce.compute_resources);
    expect(ce.service_role).toContain('data.terraform_remote_state.iam[0].outputs.batch_service_role_arn');
    expect(resources.instance_role).toContain('data.terraform_remote_state.iam[0].outputs.batch_instance_profile_arn');
    expect(at(resources, 'security_group_ids', 0)).toContain(
      'data.terraform_remote_state.security_group[0].outputs.batch_security_group_id',
    );
    expect(resources.subnets).toContain('data.terraform_remote_state.security_group[0].outputs.private_subnet_ids');
  });

  test('the job queue is enabled and points at the compute environment', () => {
    expect(offline.batch).toHaveResourceWithProperties(BatchJobQueue, {
      name: 'mini-test-queue',
      state: 'ENABLED',
      priority: 1,
      compute_environment_order: [
        { order: 1, compute_environment: '${aws_batch_compute_environment.compute_environment.arn}' },
      ],
    });
  });

  test('a job definition: vcpus and memory as requirements, timeout, retries; read-only, unprivileged', () => {
    const definition = stack.resource.aws_batch_job_definition.worker_job;
    expect(definition).toMatchObject({
      type: 'container',
      timeout: { attempt_duration_seconds: 7200 },
      retry_strategy: { attempts: 3 },
      propagate_tags: true,
      deregister_on_new_revision: false,
    });
    expect(at(definition, 'retry_strategy', 'evaluate_on_exit', 0)).toEqual({
      action: 'RETRY',
      on_status_reason: 'Host EC2*',
    });
    const container = containerOf(stack, 'worker_job');
    expect(container.resourceRequirements).toEqual([
      { type: 'VCPU', value: '4' },
      { type: 'MEMORY', value: '8192' },
    ]);
    expect(container).toMatchObject({ readonlyRootFilesystem: true, privileged: false });
  });

  test('the job gets its environment variables, SQS_CORE_QUEUE from the sqs stack', () => {
    const environment = (json: TerraformJson) =>
      Object.fromEntries(containerOf(json, 'worker_job').environment?.map((e) => [e.name, e.value]) ?? []);
    expect(environment(stack)).toEqual({
      AWS_REGION: 'eu-west-1',
      S3_BUCKET: 'mini-test-data',
      SQS_CORE_QUEUE: 'https://sqs.eu-west-1.amazonaws.com/111111111111/mini-test-results',
    });
    expect(environment(parsed(real.batch)).SQS_CORE_QUEUE).toContain(
      'data.terraform_remote_state.sqs[0].outputs.core_queue_url',
    );
    expect(containerOf(parsed(real.batch), 'worker_job').jobRoleArn).toContain(
      'lookup(data.terraform_remote_state.iam[0].outputs.job_role_arns, "worker_job")',
    );
  });

  test('log groups keep their configured days and the jobs log to them', () => {
    expect(offline.batch).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/batch/mini-test-worker',
      retention_in_days: 7,
    });
    expect(containerOf(stack, 'worker_job').logConfiguration?.options?.['awslogs-group']).toBe(
      '/aws/batch/mini-test-worker',
    );
  });

  test('shell syntax in a container command reaches AWS as written, not as a Terraform interpolation', () => {
    const environment = spotEnvironment((files) => {
      (files['batch-json/worker-job.json']!.container_properties as Json).command = ['sh', '-c', 'echo ${HOME} %{x}'];
    });
    const json = parsed(synthEnvironment(environment).batch);
    expect(json.resource.aws_batch_job_definition.worker_job.container_properties).toContain('echo $${HOME} %%{x}');
  });

  test('declares its outputs by name, job definitions without revision', () => {
    expect(stack.output.job_definition_arns.value).toEqual({
      'mini-test-worker': '${aws_batch_job_definition.worker_job.arn_prefix}',
    });
    expect(stack.output.job_queue_arns.value).toEqual({
      'mini-test-queue': '${aws_batch_job_queue.job_queue.arn}',
    });
  });
});
