import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfiguration } from '../../main';
import type { EnvironmentConfig } from '../../lib/configuration/platform-config';

/**
 * The smallest environment the platform runs: one account, one region, one environment ("test"),
 * one Fargate compute environment, one job queue, one job definition, one log group, one queue.
 * Stack tests start from it and state only what they are about; changing the shipped
 * configuration never breaks them.
 */
export const MINIMAL_PLATFORM = {
  'config/defaults.json': {
    project: 'mini',
    name_prefix: '{project}-{environment}',
    tags: { Project: 'mini', ManagedBy: 'cdktf' },
    state: {
      key_template: '{account}/{region}/{environment}/{module}/terraform.tfstate',
      encrypt: true,
      use_lockfile: true,
    },
    network: {
      batch_security_group: {
        name: '{prefix}-batch',
        description: 'Batch tasks of {prefix}: no inbound; HTTPS out only',
        egress: [
          { description: 'HTTPS out', ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '0.0.0.0/0' },
        ],
      },
    },
    iam: { path: '/', execution_role_name: '{prefix}-execution', job_roles: {} },
    sqs: {
      core_queue: {
        name: '{prefix}-results',
        visibility_timeout_seconds: 300,
        message_retention_seconds: 345_600,
        receive_wait_time_seconds: 20,
        dead_letter_queue: { name: '{prefix}-results-dlq', max_receive_count: 5, message_retention_seconds: 1_209_600 },
      },
    },
    step_functions: { state_machines: {} },
  },
  'config/accounts/test.json': {
    account_id: '111111111111',
    state: { bucket: 'mini-terraform-state-111111111111', region: 'eu-west-1' },
  },
  'config/regions/eu-west-1.json': {},
  'config/environments/test.json': {
    environment: 'test',
    account: 'test',
    region: 'eu-west-1',
    network: { vpc_id: 'vpc-0a1b2c3d4e5f60718', private_subnet_ids: ['subnet-0c10000000000a001'] },
  },
  'batch-json/compute-environment.json': {
    compute_environment_name: '{prefix}-fargate',
    type: 'MANAGED',
    service_role: 'service_linked',
    compute_resources: { type: 'FARGATE', max_vcpus: 4 },
  },
  'batch-json/job-queue.json': {
    name: '{prefix}-queue',
    state: 'ENABLED',
    priority: 1,
    compute_environment_order: [{ order: 1, compute_environment: '{prefix}-fargate' }],
  },
  'batch-json/worker-job.json': {
    name: '{prefix}-worker',
    platform_capabilities: ['FARGATE'],
    container_properties: {
      image: 'public.ecr.aws/docker/library/busybox:1.36',
      resourceRequirements: [
        { type: 'VCPU', value: '0.25' },
        { type: 'MEMORY', value: '512' },
      ],
      executionRoleArn: '{dependency.iam.execution_role_arn}',
      networkConfiguration: { assignPublicIp: 'DISABLED' },
    },
  },
  'batch-json/log-groups.json': {
    log_groups: { worker: { name: '/aws/batch/{prefix}-worker', retention_in_days: 7 } },
  },
};

/** A configuration file of the minimal platform, by its path under the root. */
export type MinimalPlatformFile = keyof typeof MINIMAL_PLATFORM;

/** The minimal platform's JSON files by path, for a test to change before they are written. */
export type MinimalPlatformFiles = Record<string, Record<string, unknown>>;

/**
 * The minimal platform written to a new temporary folder, for code that reads a root (the loader,
 * `synthesize`): `edit` changes the JSON files first, `texts` adds files as written (a user data
 * script). The caller deletes the folder.
 */
export function writeMinimalPlatform(
  edit: (files: MinimalPlatformFiles) => void = () => undefined,
  texts: Readonly<Record<string, string>> = {},
): string {
  const files: MinimalPlatformFiles = structuredClone(MINIMAL_PLATFORM);
  edit(files);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'minimal-platform-'));
  const contents = [
    ...Object.entries(files).map(([file, json]) => [file, `${JSON.stringify(json, null, 2)}\n`] as const),
    ...Object.entries(texts),
  ];
  for (const [file, content] of contents) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

/**
 * The minimal environment, loaded and validated by the real loader; `edit` changes the files first
 * (a test adds what it is about: a SPOT environment, a pipeline, a job role), `texts` adds files as written.
 */
export function minimalEnvironment(
  edit: (files: MinimalPlatformFiles) => void = () => undefined,
  texts: Readonly<Record<string, string>> = {},
): EnvironmentConfig {
  const root = writeMinimalPlatform(edit, texts);
  try {
    return loadConfiguration({ root, environments: ['test'] }).environments[0]!;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
