import { BatchComputeEnvironment } from '@cdktf/provider-aws/lib/batch-compute-environment';
import { BatchJobQueue } from '@cdktf/provider-aws/lib/batch-job-queue';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { loadConfiguration } from '../../../main';
import { ConfigFixture } from '../../support/config-fixture';
import type { ContainerProperties } from '@aws-sdk/client-batch';
import {
  at,
  block,
  parsed,
  shippedEnvironment,
  synthEnvironment,
  text,
  type TerraformJson,
} from '../../support/synth-helpers';

const offline = synthEnvironment(shippedEnvironment('dev'));
const real = synthEnvironment(shippedEnvironment('dev'), { mode: 'real' });
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
      name: 'gss-dev-batch-lt',
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
      compute_environment_name_prefix: 'gss-dev-batch-compute-',
      type: 'MANAGED',
      compute_resources: {
        type: 'SPOT',
        bid_percentage: 100,
        min_vcpus: 0,
        max_vcpus: 64,
        instance_type: ['c5.4xlarge', 'c5.2xlarge', 'c5.xlarge'],
        subnets: ['subnet-0a10000000000d001', 'subnet-0a10000000000d002'],
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
      name: 'gss-dev-batch-queue',
      state: 'ENABLED',
      priority: 1,
      compute_environment_order: [
        { order: 1, compute_environment: '${aws_batch_compute_environment.compute_environment.arn}' },
      ],
    });
  });

  test('both job definitions: 4 vCPU, 8 GB, 2 hours, 3 attempts, read-only root, not privileged', () => {
    for (const name of ['batch_validation_job', 'batch_processing_job']) {
      const definition = stack.resource.aws_batch_job_definition[name];
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
      const container = containerOf(stack, name);
      expect(container.resourceRequirements).toEqual([
        { type: 'VCPU', value: '4' },
        { type: 'MEMORY', value: '8192' },
      ]);
      expect(container).toMatchObject({ readonlyRootFilesystem: true, privileged: false });
    }
  });

  test('the processing job gets its environment variables, SQS_CORE_QUEUE from the sqs stack', () => {
    const environment = (json: TerraformJson) =>
      Object.fromEntries(containerOf(json, 'batch_processing_job').environment?.map((e) => [e.name, e.value]) ?? []);
    expect(environment(stack)).toEqual({
      AWS_REGION: 'eu-west-1',
      S3_BUCKET: 'gss-dev-chunks',
      KAFKA_BROKERS: expect.stringContaining(':9098'),
      KAFKA_TOPIC: 'processed-records',
      SQS_CORE_QUEUE: 'https://sqs.eu-west-1.amazonaws.com/111111111111/gss-dev-core-queue',
      RECORD_DESTINATION: 'kafka',
    });
    expect(environment(parsed(real.batch)).SQS_CORE_QUEUE).toContain(
      'data.terraform_remote_state.sqs[0].outputs.core_queue_url',
    );
    expect(containerOf(parsed(real.batch), 'batch_processing_job').jobRoleArn).toContain(
      'lookup(data.terraform_remote_state.iam[0].outputs.job_role_arns, "batch_job")',
    );
  });

  test('log groups keep 30 days and the jobs log to them', () => {
    expect(offline.batch).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/batch/gss-dev-batch-validation',
      retention_in_days: 30,
    });
    expect(offline.batch).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/batch/gss-dev-batch-processing',
      retention_in_days: 30,
    });
    expect(containerOf(stack, 'batch_validation_job').logConfiguration?.options?.['awslogs-group']).toBe(
      '/aws/batch/gss-dev-batch-validation',
    );
  });

  test('shell syntax in a container command reaches AWS as written, not as a Terraform interpolation', () => {
    const fixture = ConfigFixture.copy();
    try {
      fixture.editJson('batch-json/batch-processing-job.json', (d) => {
        d.container_properties.command = ['sh', '-c', 'echo ${HOME} %{x}'];
      });
      const environment = loadConfiguration({ root: fixture.root, environments: ['dev'] }).environments[0]!;
      const json = parsed(synthEnvironment(environment).batch);
      expect(json.resource.aws_batch_job_definition.batch_processing_job.container_properties).toContain(
        'echo $${HOME} %%{x}',
      );
    } finally {
      fixture.dispose();
    }
  });

  test('declares its outputs by name, job definitions without revision', () => {
    expect(stack.output.job_definition_arns.value).toEqual({
      'gss-dev-batch-processing': '${aws_batch_job_definition.batch_processing_job.arn_prefix}',
      'gss-dev-batch-validation': '${aws_batch_job_definition.batch_validation_job.arn_prefix}',
    });
    expect(stack.output.job_queue_arns.value).toEqual({
      'gss-dev-batch-queue': '${aws_batch_job_queue.batch_processing_queue.arn}',
    });
  });
});
