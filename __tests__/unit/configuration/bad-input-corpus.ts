import * as fs from 'fs';
import type { ConfigFixture } from '../../support/config-fixture';

/** The kinds of broken input the corpus must cover. */
export type BadInputKind =
  | 'malformed JSON'
  | 'empty file'
  | 'not a file'
  | 'missing file'
  | 'duplicate key'
  | 'wrong type'
  | 'unknown key'
  | 'out of range'
  | 'not allowed'
  | 'dangling reference'
  | 'duplicate name'
  | 'invalid ARN'
  | 'invalid CIDR'
  | 'invalid id'
  | 'unfilled placeholder'
  | 'cycle'
  | 'Fargate'
  | 'contradiction'
  | 'secret';

/** One broken configuration and the one message it must produce. */
export interface BadInputCase {
  /** What is broken, in words. */
  readonly name: string;
  /** Which kind of mistake it is. */
  readonly kind: BadInputKind;
  /** Breaks a copy of the shipped configuration. */
  readonly breakConfig: (fixture: ConfigFixture) => void;
  /** Environments synthesized (PLATFORM_ENVIRONMENTS); dev when omitted. */
  readonly environments?: string;
  /** The file the message names, relative to the configuration root. */
  readonly file: string;
  /** The JSON path the message names. */
  readonly jsonPath: string;
  /** Text the message must contain. */
  readonly says?: string;
}

/** Rewrites a file's text. */
function editText(fixture: ConfigFixture, file: string, edit: (text: string) => string): void {
  fixture.write(file, edit(fs.readFileSync(fixture.path(file), 'utf8')));
}

/**
 * The bad-input corpus: every case is a copy of the shipped configuration with one mistake, and
 * must give exit code 1 and exactly one message naming the file and the JSON path.
 */
export const BAD_INPUT_CORPUS: readonly BadInputCase[] = [
  // Files that are not JSON, or not there.
  {
    kind: 'malformed JSON',
    name: 'a missing comma',
    breakConfig: (f) =>
      f.write('batch-json/job-queue.json', '{\n  "name": "x",\n  "state": "ENABLED"\n  "priority": 1\n}\n'),
    file: 'batch-json/job-queue.json',
    jsonPath: '$',
    says: 'malformed JSON',
  },
  {
    kind: 'malformed JSON',
    name: 'a trailing comma',
    breakConfig: (f) =>
      editText(f, 'config/defaults.json', (t) => t.replace('"tracing_enabled": true', '"tracing_enabled": true,')),
    file: 'config/defaults.json',
    jsonPath: '$',
    says: 'malformed JSON',
  },
  {
    kind: 'malformed JSON',
    name: 'a comment',
    breakConfig: (f) =>
      editText(f, 'config/environments/dev.json', (t) => t.replace('{\n', '{\n  // the dev environment\n')),
    file: 'config/environments/dev.json',
    jsonPath: '$',
    says: 'malformed JSON',
  },
  {
    kind: 'malformed JSON',
    name: 'single-quoted keys',
    breakConfig: (f) => editText(f, 'config/accounts/nonprod.json', (t) => t.replace('"account_id"', "'account_id'")),
    file: 'config/accounts/nonprod.json',
    jsonPath: '$',
    says: 'malformed JSON',
  },
  {
    kind: 'malformed JSON',
    name: 'a file cut off half way',
    breakConfig: (f) => editText(f, 'batch-json/log-groups.json', (t) => t.slice(0, t.length / 2)),
    file: 'batch-json/log-groups.json',
    jsonPath: '$',
    says: 'malformed JSON',
  },
  {
    kind: 'malformed JSON',
    name: 'a JSON array where an object belongs',
    breakConfig: (f) => f.write('config/environments/dev.json', '[]\n'),
    file: 'config/environments/dev.json',
    jsonPath: '$',
    says: 'a JSON object',
  },
  {
    kind: 'empty file',
    name: 'an empty file',
    breakConfig: (f) => f.write('batch-json/launch-template.json', ''),
    file: 'batch-json/launch-template.json',
    jsonPath: '$',
    says: 'an empty file',
  },
  {
    kind: 'empty file',
    name: 'a file of blank lines',
    breakConfig: (f) => f.write('config/regions/eu-west-1.json', '\n  \n'),
    file: 'config/regions/eu-west-1.json',
    jsonPath: '$',
    says: 'an empty file',
  },
  {
    kind: 'not a file',
    name: 'a folder where a file belongs',
    breakConfig: (f) =>
      f.remove('batch-json/compute-environment.json').write('batch-json/compute-environment.json/notes.txt', 'x'),
    file: 'batch-json/compute-environment.json',
    jsonPath: '$',
    says: 'a directory',
  },
  {
    kind: 'missing file',
    name: 'an environment asked for that has no file',
    environments: 'qa',
    breakConfig: () => undefined,
    file: 'config/environments/qa.json',
    jsonPath: '$',
    says: 'one of the environments: dev, prod, staging',
  },
  {
    kind: 'missing file',
    name: 'no defaults.json',
    breakConfig: (f) => f.remove('config/defaults.json'),
    file: 'config/defaults.json',
    jsonPath: '$',
    says: 'no such file',
  },
  {
    kind: 'missing file',
    name: 'an account with no file',
    breakConfig: (f) =>
      f.editJson('config/environments/dev.json', (d) => {
        d.account = 'nonprd';
      }),
    file: 'config/environments/dev.json',
    jsonPath: '$.account',
    says: 'one of: nonprod, prod',
  },
  {
    kind: 'missing file',
    name: 'a region with no file',
    breakConfig: (f) =>
      f.editJson('config/environments/dev.json', (d) => {
        d.region = 'eu-west-2';
      }),
    file: 'config/environments/dev.json',
    jsonPath: '$.region',
    says: 'one of: eu-west-1',
  },
  {
    kind: 'missing file',
    name: 'user data naming a file that is not there',
    breakConfig: (f) =>
      f.editJson('batch-json/launch-template.json', (d) => {
        d.user_data_file = 'batch_userdata.sh';
      }),
    file: 'batch-json/launch-template.json',
    jsonPath: '$.user_data_file',
    says: 'not a file',
  },
  {
    kind: 'missing file',
    name: 'a file in batch-json with a mistyped name',
    breakConfig: (f) => f.write('batch-json/job-queues.json', '{}'),
    file: 'batch-json/job-queues.json',
    jsonPath: '$',
    says: 'an unexpected file "job-queues.json"',
  },
  {
    kind: 'duplicate key',
    name: 'a key given twice',
    breakConfig: (f) =>
      editText(f, 'batch-json/compute-environment.json', (t) =>
        t.replace('"state": "ENABLED",', '"state": "ENABLED",\n  "state": "DISABLED",'),
      ),
    file: 'batch-json/compute-environment.json',
    jsonPath: '$.state',
    says: 'the key "state" a second time',
  },

  // Values of the wrong type.
  {
    kind: 'wrong type',
    name: 'a number written as a string',
    breakConfig: (f) =>
      f.editJson('config/defaults.json', (d) => {
        d.sqs.core_queue.visibility_timeout_seconds = '300';
      }),
    file: 'config/defaults.json',
    jsonPath: '$.sqs.core_queue.visibility_timeout_seconds',
    says: 'allowed: a number',
  },
  {
    kind: 'wrong type',
    name: 'a number where a name belongs',
    breakConfig: (f) =>
      f.editJson('batch-json/job-queue.json', (d) => {
        d.name = 5;
      }),
    file: 'batch-json/job-queue.json',
    jsonPath: '$.name',
    says: 'found 5',
  },
  {
    kind: 'wrong type',
    name: 'a boolean written as a string',
    breakConfig: (f) =>
      f.editJson('batch-json/launch-template.json', (d) => {
        d.block_device_mappings[0].ebs.encrypted = 'true';
      }),
    file: 'batch-json/launch-template.json',
    jsonPath: '$.block_device_mappings[0].ebs.encrypted',
    says: 'allowed: a boolean',
  },
  {
    kind: 'wrong type',
    name: 'one subnet where a list belongs',
    breakConfig: (f) =>
      f.editJson('config/environments/dev.json', (d) => {
        d.network.private_subnet_ids = 'subnet-0a10000000000d001';
      }),
    file: 'config/environments/dev.json',
    jsonPath: '$.network.private_subnet_ids',
    says: 'allowed: an array',
  },
  {
    kind: 'wrong type',
    name: 'a list item of the wrong type',
    breakConfig: (f) =>
      f.editJson('batch-json/compute-environment.json', (d) => {
        d.compute_resources.instance_types = ['c5.4xlarge', 5];
      }),
    file: 'batch-json/compute-environment.json',
    jsonPath: '$.compute_resources.instance_types[1]',
    says: 'allowed: a string',
  },
  {
    kind: 'wrong type',
    name: 'a required key removed with null by a layer',
    breakConfig: (f) =>
      f.editJson('config/environments/dev.json', (d) => {
        d.network.vpc_id = null;
      }),
    file: 'config/environments/dev.json',
    jsonPath: '$.network.vpc_id',
    says: 'nothing (the key is missing)',
  },

  // Keys nobody knows.
  {
    kind: 'unknown key',
    name: 'a misspelt key in batch-json',
    breakConfig: (f) =>
      f.editJson('batch-json/compute-environment.json', (d) => {
        d.compute_resources.max_vcpu = 8;
      }),
    file: 'batch-json/compute-environment.json',
    jsonPath: '$.compute_resources.max_vcpu',
    says: '"max_vcpus" (closest match)',
  },
  {
    kind: 'unknown key',
    name: 'a misspelt key in an environment file',
    breakConfig: (f) =>
      f.editJson('config/environments/dev.json', (d) => {
        d.tag = { Owner: 'data' };
      }),
    file: 'config/environments/dev.json',
    jsonPath: '$.tag',
    says: '"tags" (closest match)',
  },
  {
    kind: 'unknown key',
    name: 'a container property in the wrong case',
    breakConfig: (f) =>
      f.editJson('batch-json/batch-validation-job.json', (d) => {
        d.container_properties.readOnlyRootFilesystem = true;
      }),
    file: 'batch-json/batch-validation-job.json',
    jsonPath: '$.container_properties.readOnlyRootFilesystem',
    says: '"readonlyRootFilesystem" (closest match)',
  },
  {
    kind: 'unknown key',
    name: 'a misspelt key in the policy settings',
    breakConfig: (f) =>
      f.editJson('config/defaults.json', (d) => {
        d.policy.required_tag = ['Owner'];
      }),
    file: 'config/defaults.json',
    jsonPath: '$.policy.required_tag',
    says: '"required_tags" (closest match)',
  },

  // Numbers out of range.
  {
    kind: 'out of range',
    name: 'eleven job attempts (Batch allows 1-10)',
    breakConfig: (f) =>
      f.editJson('batch-json/batch-processing-job.json', (d) => {
        d.retry_strategy.attempts = 11;
      }),
    file: 'batch-json/batch-processing-job.json',
    jsonPath: '$.retry_strategy.attempts',
    says: 'a number <= 10',
  },
  {
    kind: 'out of range',
    name: 'a dead-letter max receive count of 0',
    breakConfig: (f) =>
      f.editJson('config/defaults.json', (d) => {
        d.sqs.core_queue.dead_letter_queue.max_receive_count = 0;
      }),
    file: 'config/defaults.json',
    jsonPath: '$.sqs.core_queue.dead_letter_queue.max_receive_count',
    says: 'a number >= 1',
  },
  {
    kind: 'out of range',
    name: 'a metadata hop limit of 65',
    breakConfig: (f) =>
      f.editJson('batch-json/launch-template.json', (d) => {
        d.metadata_options.http_put_response_hop_limit = 65;
      }),
    file: 'batch-json/launch-template.json',
    jsonPath: '$.metadata_options.http_put_response_hop_limit',
    says: 'a number <= 64',
  },
  {
    kind: 'out of range',
    name: 'long polling for 21 seconds',
    breakConfig: (f) =>
      f.editJson('config/defaults.json', (d) => {
        d.sqs.core_queue.receive_wait_time_seconds = 21;
      }),
    file: 'config/defaults.json',
    jsonPath: '$.sqs.core_queue.receive_wait_time_seconds',
    says: 'a number <= 20',
  },
  {
    kind: 'out of range',
    name: 'negative vCPUs, blamed on the layer that set them',
    breakConfig: (f) =>
      f.editJson('config/environments/dev.json', (d) => {
        d.batch_json['compute-environment.json'].compute_resources.max_vcpus = -1;
      }),
    file: 'config/environments/dev.json',
    jsonPath: '$.batch_json["compute-environment.json"].compute_resources.max_vcpus',
    says: 'found -1',
  },
  {
    kind: 'out of range',
    name: 'a log retention CloudWatch does not offer',
    breakConfig: (f) =>
      f.editJson('batch-json/log-groups.json', (d) => {
        d.log_groups.batch_processing.retention_in_days = 31;
      }),
    file: 'batch-json/log-groups.json',
    jsonPath: '$.log_groups.batch_processing.retention_in_days',
    says: 'the values CloudWatch Logs accepts',
  },
  {
    kind: 'out of range',
    name: 'a port above 65535',
    breakConfig: (f) =>
      f.editJson('config/defaults.json', (d) => {
        d.network.batch_security_group.egress[2].to_port = 70000;
      }),
    file: 'config/defaults.json',
    jsonPath: '$.network.batch_security_group.egress[2].to_port',
    says: 'a number <= 65535',
  },
  {
    kind: 'out of range',
    name: 'a fractional priority',
    breakConfig: (f) =>
      f.editJson('batch-json/job-queue.json', (d) => {
        d.priority = 1.5;
      }),
    file: 'batch-json/job-queue.json',
    jsonPath: '$.priority',
    says: 'an integer',
  },
  {
    kind: 'out of range',
    name: 'a job timeout under 60 seconds',
    breakConfig: (f) =>
      f.editJson('batch-json/batch-validation-job.json', (d) => {
        d.timeout.attempt_duration_seconds = 30;
      }),
    file: 'batch-json/batch-validation-job.json',
    jsonPath: '$.timeout.attempt_duration_seconds',
    says: 'a number >= 60',
  },

  // Values outside what is allowed.
  {
    kind: 'not allowed',
    name: 'a compute resource type that does not exist',
    breakConfig: (f) =>
      f.editJson('batch-json/compute-environment.json', (d) => {
        d.compute_resources.type = 'SPOTTY';
      }),
    file: 'batch-json/compute-environment.json',
    jsonPath: '$.compute_resources.type',
    says: 'one of "EC2", "SPOT", "FARGATE", "FARGATE_SPOT"',
  },
  {
    kind: 'not allowed',
    name: 'an IMDS token setting that does not exist',
    breakConfig: (f) =>
      f.editJson('batch-json/launch-template.json', (d) => {
        d.metadata_options.http_tokens = 'sometimes';
      }),
    file: 'batch-json/launch-template.json',
    jsonPath: '$.metadata_options.http_tokens',
    says: 'one of "required", "optional"',
  },
  {
    kind: 'not allowed',
    name: 'a queue name with a space',
    breakConfig: (f) =>
      f.editJson('config/defaults.json', (d) => {
        d.sqs.core_queue.name = '{prefix} core queue';
      }),
    file: 'config/defaults.json',
    jsonPath: '$.sqs.core_queue.name',
    says: 'an SQS queue name',
  },
  {
    kind: 'not allowed',
    name: 'a tag key in the reserved aws: namespace',
    breakConfig: (f) =>
      f.editJson('config/environments/dev.json', (d) => {
        d.tags['aws:owner'] = 'data';
      }),
    file: 'config/environments/dev.json',
    jsonPath: '$.tags["aws:owner"]',
    says: 'reserved by AWS',
  },
  {
    kind: 'not allowed',
    name: 'a suppression of a rule the pack does not have',
    breakConfig: (f) =>
      f.editJson('config/defaults.json', (d) => {
        d.policy.suppressions = [
          {
            module: 'batch',
            resource: 'aws_launch_template.launch_template',
            rule: 'EC2-99',
            reason: 'a rule ID from another tool',
          },
        ];
      }),
    file: 'config/defaults.json',
    jsonPath: '$.policy.suppressions[0].rule',
    says: '"EC2-1"',
  },
  {
    kind: 'not allowed',
    name: 'a suppression without a reason',
    breakConfig: (f) =>
      f.editJson('config/defaults.json', (d) => {
        d.policy.suppressions = [
          { module: 'batch', resource: 'aws_launch_template.launch_template', rule: 'EC2-2', reason: 'ok' },
        ];
      }),
    file: 'config/defaults.json',
    jsonPath: '$.policy.suppressions[0].reason',
    says: 'at least 10 characters',
  },
  {
    kind: 'not allowed',
    name: 'a protected type that is no Terraform type',
    breakConfig: (f) =>
      f.editJson('config/environments/prod.json', (d) => {
        d.protection.stateful_resource_types = ['SQS::Queue'];
      }),
    environments: 'prod',
    file: 'config/environments/prod.json',
    jsonPath: '$.protection.stateful_resource_types[0]',
    says: 'a Terraform resource type',
  },
  {
    kind: 'not allowed',
    name: 'state without encryption',
    breakConfig: (f) =>
      f.editJson('config/defaults.json', (d) => {
        d.state.encrypt = false;
      }),
    file: 'config/defaults.json',
    jsonPath: '$.state.encrypt',
    says: 'allowed: true',
  },
  {
    kind: 'not allowed',
    name: 'a state key every stack would share',
    breakConfig: (f) =>
      f.editJson('config/defaults.json', (d) => {
        d.state.key_template = '{account}/{region}/{environment}/terraform.tfstate';
      }),
    file: 'config/defaults.json',
    jsonPath: '$.state.key_template',
    says: 'using {module}',
  },
  {
    kind: 'not allowed',
    name: 'user data that is not MIME multi-part',
    breakConfig: (f) => f.write('config/batch_user_data.sh', '#!/bin/bash\necho hi\n'),
    file: 'batch-json/launch-template.json',
    jsonPath: '$.user_data_file',
    says: 'MIME multi-part',
  },
  {
    kind: 'not allowed',
    name: 'on_errors on a before hook',
    breakConfig: (f) =>
      f.editJson('config/defaults.json', (d) => {
        d.hooks = { tflint: { when: 'before', commands: ['plan'], execute: ['tflint'], on_errors: ['.*'] } };
      }),
    file: 'config/defaults.json',
    jsonPath: '$.hooks.tflint.on_errors',
    says: 'only error hooks match failures',
  },

  // References that do not resolve.
  {
    kind: 'dangling reference',
    name: 'a job queue naming a compute environment that does not exist',
    breakConfig: (f) =>
      f.editJson('batch-json/job-queue.json', (d) => {
        d.compute_environment_order[0].compute_environment = '{prefix}-other';
      }),
    file: 'batch-json/job-queue.json',
    jsonPath: '$.compute_environment_order[0].compute_environment',
    says: 'gss-dev-batch-compute',
  },
  {
    kind: 'dangling reference',
    name: 'a compute environment naming a launch template that does not exist',
    breakConfig: (f) =>
      f.editJson('batch-json/compute-environment.json', (d) => {
        d.compute_resources.launch_template.launch_template_name = '{prefix}-lt';
      }),
    file: 'batch-json/compute-environment.json',
    jsonPath: '$.compute_resources.launch_template.launch_template_name',
    says: 'gss-dev-batch-lt',
  },
  {
    kind: 'dangling reference',
    name: 'a job logging to a log group log-groups.json does not define',
    breakConfig: (f) =>
      f.editJson('batch-json/batch-validation-job.json', (d) => {
        d.container_properties.logConfiguration.options['awslogs-group'] = '/aws/batch/nowhere';
      }),
    file: 'batch-json/batch-validation-job.json',
    jsonPath: '$.container_properties.logConfiguration.options["awslogs-group"]',
    says: 'the name of a log group',
  },
  {
    kind: 'dangling reference',
    name: 'a state machine naming a job queue that does not exist',
    breakConfig: (f) =>
      f.editJson('config/defaults.json', (d) => {
        d.step_functions.state_machines.hybrid_router.job_queue = '{prefix}-queue';
      }),
    file: 'config/defaults.json',
    jsonPath: '$.step_functions.state_machines.hybrid_router.job_queue',
    says: 'gss-dev-batch-queue',
  },
  {
    kind: 'dangling reference',
    name: 'a job role sending to a queue the sqs stack does not have',
    breakConfig: (f) =>
      f.editJson('config/defaults.json', (d) => {
        d.iam.job_roles.batch_job.sqs_send = ['{prefix}-other-queue'];
      }),
    file: 'config/defaults.json',
    jsonPath: '$.iam.job_roles.batch_job.sqs_send[0]',
    says: 'gss-dev-core-queue',
  },
  {
    kind: 'dangling reference',
    name: 'an upstream output that is not declared',
    breakConfig: (f) =>
      f.editJson('batch-json/batch-processing-job.json', (d) => {
        d.container_properties.environment[4].value = '{dependency.sqs.core_queue_uri}';
      }),
    file: 'batch-json/batch-processing-job.json',
    jsonPath: '$.container_properties.environment[4].value',
    says: 'core_queue_url',
  },
  {
    kind: 'dangling reference',
    name: 'a map entry of an upstream output that does not exist',
    breakConfig: (f) =>
      f.editJson('batch-json/batch-processing-job.json', (d) => {
        d.container_properties.jobRoleArn = '{dependency.iam.job_role_arns.missing}';
      }),
    file: 'batch-json/batch-processing-job.json',
    jsonPath: '$.container_properties.jobRoleArn',
    says: 'batch_job',
  },
  {
    kind: 'dangling reference',
    name: 'a hook for a module that does not exist',
    breakConfig: (f) =>
      f.editJson('config/environments/dev.json', (d) => {
        d.hooks = {
          smoke: { when: 'after', commands: ['apply'], modules: ['batches'], execute: ['npm', 'run', 'smoke-test'] },
        };
      }),
    file: 'config/environments/dev.json',
    jsonPath: '$.hooks.smoke.modules[0]',
    says: 'one of the modules: iam, security-group, sqs, batch, step-function',
  },

  // Names given twice.
  {
    kind: 'duplicate name',
    name: 'two log groups with one name',
    breakConfig: (f) =>
      f.editJson('batch-json/log-groups.json', (d) => {
        d.log_groups.batch_retries = { name: '/aws/batch/{prefix}-batch-validation', retention_in_days: 30 };
      }),
    file: 'batch-json/log-groups.json',
    jsonPath: '$.log_groups.batch_retries.name',
    says: 'the log group name "/aws/batch/gss-dev-batch-validation" a second time',
  },
  {
    kind: 'duplicate name',
    name: 'two job definitions with one name',
    breakConfig: (f) =>
      f.write(
        'batch-json/reprocessing-job.json',
        fs.readFileSync(f.path('batch-json/batch-processing-job.json'), 'utf8'),
      ),
    file: 'batch-json/reprocessing-job.json',
    jsonPath: '$.name',
    says: 'the job definition name "gss-dev-batch-processing" a second time',
  },
  {
    kind: 'duplicate name',
    name: 'two identical egress rules',
    breakConfig: (f) =>
      f.editJson('config/defaults.json', (d) => {
        d.network.batch_security_group.egress.push({
          ...d.network.batch_security_group.egress[0],
          description: 'again',
        });
      }),
    file: 'config/defaults.json',
    jsonPath: '$.network.batch_security_group.egress[3]',
    says: 'AWS rejects duplicates',
  },
  {
    kind: 'duplicate name',
    name: 'one compute environment twice in a queue',
    breakConfig: (f) =>
      f.editJson('batch-json/job-queue.json', (d) => {
        d.compute_environment_order.push({ order: 2, compute_environment: '{prefix}-batch-compute' });
      }),
    file: 'batch-json/job-queue.json',
    jsonPath: '$.compute_environment_order[1].compute_environment',
    says: 'a compute environment not already in the list',
  },
  {
    kind: 'duplicate name',
    name: 'a variable named like a built-in placeholder',
    breakConfig: (f) =>
      f.editJson('config/environments/dev.json', (d) => {
        d.variables.region = 'us-east-1';
      }),
    file: 'config/environments/dev.json',
    jsonPath: '$.variables.region',
    says: 'a name other than the built-in placeholders',
  },
  {
    kind: 'duplicate name',
    name: 'the same finding suppressed twice',
    breakConfig: (f) =>
      f.editJson('config/defaults.json', (d) => {
        const s = {
          module: 'batch',
          resource: 'aws_launch_template.launch_template',
          rule: 'EC2-2',
          reason: 'awsvpc jobs never reach IMDS',
        };
        d.policy.suppressions = [s, s];
      }),
    file: 'config/defaults.json',
    jsonPath: '$.policy.suppressions[1]',
    says: 'one suppression per module, resource and rule',
  },

  // Identifiers in the wrong format.
  {
    kind: 'invalid ARN',
    name: 'a Lambda ARN with a short account id',
    breakConfig: (f) =>
      f.editJson('config/defaults.json', (d) => {
        d.step_functions.state_machines.hybrid_router.lambda_function_arn = 'arn:aws:lambda:eu-west-1:12345:function:x';
      }),
    file: 'config/defaults.json',
    jsonPath: '$.step_functions.state_machines.hybrid_router.lambda_function_arn',
    says: 'an ARN such as',
  },
  {
    kind: 'invalid ARN',
    name: 'a deploy role that is a user',
    breakConfig: (f) =>
      f.editJson('config/accounts/nonprod.json', (d) => {
        d.deploy_role_arn = 'arn:aws:iam::111111111111:user/deployer';
      }),
    file: 'config/accounts/nonprod.json',
    jsonPath: '$.deploy_role_arn',
    says: 'arn:aws:iam::111111111111:role/name',
  },
  {
    kind: 'invalid ARN',
    name: 'a queue KMS key given as an alias',
    breakConfig: (f) =>
      f.editJson('config/defaults.json', (d) => {
        d.sqs.core_queue.kms_master_key_id = 'alias/sqs';
      }),
    file: 'config/defaults.json',
    jsonPath: '$.sqs.core_queue.kms_master_key_id',
    says: 'an ARN such as',
  },
  {
    kind: 'invalid ARN',
    name: 'an MSK cluster ARN without the cluster uuid',
    breakConfig: (f) =>
      f.editJson('config/environments/dev.json', (d) => {
        d.variables.msk_cluster_arn = 'arn:aws:kafka:eu-west-1:111111111111:cluster/gss-dev-msk';
      }),
    file: 'config/defaults.json',
    jsonPath: '$.iam.job_roles.batch_job.msk.cluster_arn',
    says: 'arn:aws:kafka:eu-west-1:111111111111:cluster/name/uuid',
  },
  {
    kind: 'invalid CIDR',
    name: 'a /33 network',
    breakConfig: (f) =>
      f.editJson('config/defaults.json', (d) => {
        d.network.batch_security_group.egress[1].cidr_ipv4 = '10.10.0.0/33';
      }),
    file: 'config/defaults.json',
    jsonPath: '$.network.batch_security_group.egress[1].cidr_ipv4',
    says: 'an IPv4 CIDR block',
  },
  {
    kind: 'invalid CIDR',
    name: 'an octet above 255',
    breakConfig: (f) =>
      f.editJson('config/defaults.json', (d) => {
        d.network.batch_security_group.egress[2].cidr_ipv4 = '10.300.0.0/16';
      }),
    file: 'config/defaults.json',
    jsonPath: '$.network.batch_security_group.egress[2].cidr_ipv4',
    says: 'an IPv4 CIDR block',
  },
  {
    kind: 'invalid id',
    name: 'a subnet id of the wrong length',
    breakConfig: (f) =>
      f.editJson('config/environments/dev.json', (d) => {
        d.network.private_subnet_ids[1] = 'subnet-0a1';
      }),
    file: 'config/environments/dev.json',
    jsonPath: '$.network.private_subnet_ids[1]',
    says: 'subnet-0123456789abcdef0',
  },

  // Placeholders.
  {
    kind: 'unfilled placeholder',
    name: 'a placeholder nobody fills',
    breakConfig: (f) =>
      f.editJson('batch-json/log-groups.json', (d) => {
        d.log_groups.batch_validation.name = '/aws/batch/{prefx}-validation';
      }),
    file: 'batch-json/log-groups.json',
    jsonPath: '$.log_groups.batch_validation.name',
    says: '{prefx}',
  },
  {
    kind: 'unfilled placeholder',
    name: 'a placeholder in an environment file nobody fills',
    breakConfig: (f) =>
      f.editJson('config/environments/dev.json', (d) => {
        d.network.vpc_id = '{vpc}';
      }),
    file: 'config/environments/dev.json',
    jsonPath: '$.network.vpc_id',
    says: '{vpc}',
  },
  {
    kind: 'cycle',
    name: 'a variable that expands into itself',
    breakConfig: (f) =>
      f.editJson('config/environments/dev.json', (d) => {
        d.variables.bucket_name = 'data-{bucket_name}';
      }),
    file: 'config/environments/dev.json',
    jsonPath: '$.variables.bucket_name',
    says: 'keep expanding into each other',
  },

  // Combinations AWS rejects at apply.
  {
    kind: 'Fargate',
    name: 'a Fargate environment keeping an EC2 launch template',
    environments: 'prod',
    breakConfig: (f) =>
      f.editJson('batch-json/compute-environment.json', (d) => {
        d.compute_resources = { type: 'FARGATE', max_vcpus: 16, launch_template: d.compute_resources.launch_template };
      }),
    file: 'batch-json/compute-environment.json',
    jsonPath: '$.compute_resources.launch_template',
    says: 'Fargate manages the capacity',
  },
  {
    kind: 'Fargate',
    name: 'Fargate and EC2 environments in one queue',
    environments: 'prod',
    breakConfig: (f) => {
      const ec2 = JSON.parse(fs.readFileSync(f.path('batch-json/compute-environment.json'), 'utf8'));
      f.write(
        'batch-json/compute-environment.json',
        JSON.stringify(
          {
            compute_environments: {
              compute_environment: ec2,
              fargate: {
                compute_environment_name: '{prefix}-fargate',
                type: 'MANAGED',
                compute_resources: { type: 'FARGATE', max_vcpus: 16 },
              },
            },
          },
          null,
          2,
        ),
      );
      f.editJson('batch-json/job-queue.json', (d) => {
        d.compute_environment_order.push({ order: 2, compute_environment: '{prefix}-fargate' });
      });
    },
    file: 'batch-json/job-queue.json',
    jsonPath: '$.compute_environment_order',
    says: 'AWS Batch rejects the mix',
  },
  {
    kind: 'contradiction',
    name: 'a bid percentage on On-Demand capacity',
    breakConfig: (f) =>
      f.editJson('batch-json/compute-environment.json', (d) => {
        d.compute_resources.type = 'EC2';
        d.compute_resources.allocation_strategy = 'BEST_FIT_PROGRESSIVE';
      }),
    file: 'batch-json/compute-environment.json',
    jsonPath: '$.compute_resources.bid_percentage',
    says: 'bid_percentage only with type "SPOT"',
  },
  {
    kind: 'contradiction',
    name: 'vCPUs given twice',
    breakConfig: (f) =>
      f.editJson('batch-json/batch-validation-job.json', (d) => {
        d.container_properties.resourceRequirements = [{ type: 'VCPU', value: '2' }];
      }),
    file: 'batch-json/batch-validation-job.json',
    jsonPath: '$.container_properties.vcpus',
    says: 'either vcpus or a VCPU resourceRequirement',
  },
  {
    kind: 'contradiction',
    name: 'min vCPUs above max vCPUs',
    environments: 'prod',
    breakConfig: (f) =>
      f.editJson('batch-json/compute-environment.json', (d) => {
        d.compute_resources.min_vcpus = 512;
        delete d.compute_resources.desired_vcpus;
      }),
    file: 'batch-json/compute-environment.json',
    jsonPath: '$.compute_resources.min_vcpus',
    says: 'a number <= max_vcpus (256)',
  },
  {
    kind: 'contradiction',
    name: 'an egress rule to two destinations',
    breakConfig: (f) =>
      f.editJson('config/defaults.json', (d) => {
        d.network.batch_security_group.egress[1].prefix_list_id = 'pl-6da54004';
      }),
    file: 'config/defaults.json',
    jsonPath: '$.network.batch_security_group.egress[1]',
    says: 'exactly one of cidr_ipv4, prefix_list_id, referenced_security_group_id',
  },
  {
    kind: 'contradiction',
    name: 'a port range that ends before it starts',
    breakConfig: (f) =>
      f.editJson('config/defaults.json', (d) => {
        d.network.batch_security_group.egress[2].from_port = 9099;
      }),
    file: 'config/defaults.json',
    jsonPath: '$.network.batch_security_group.egress[2].to_port',
    says: 'a port >= from_port (9099)',
  },
  {
    kind: 'secret',
    name: 'a password as a literal environment value, never echoed',
    breakConfig: (f) =>
      f.editJson('batch-json/batch-processing-job.json', (d) => {
        d.container_properties.environment.push({ name: 'DB_PASSWORD', value: 'hunter2' });
      }),
    file: 'batch-json/batch-processing-job.json',
    jsonPath: '$.container_properties.environment[6].value',
    says: 'move it to "secrets"',
  },
  {
    kind: 'secret',
    name: "a token in a hook's arguments, never echoed",
    breakConfig: (f) =>
      f.editJson('config/defaults.json', (d) => {
        d.hooks = {
          notify: { when: 'error', commands: ['apply'], execute: ['notify', '--token=hunter2'], on_errors: ['.*'] },
        };
      }),
    file: 'config/defaults.json',
    jsonPath: '$.hooks.notify.execute[1]',
    says: 'no secret in clear text',
  },
];
