import { type MinimalPlatformFiles, minimalEnvironment } from '../../support/minimal-environment';
import {
  parsed,
  type PolicyStatementJson,
  statementsOf as statementsOfPolicy,
  synthEnvironment,
} from '../../support/synth-helpers';

const RETRY = { interval_seconds: 30, max_attempts: 2, backoff_rate: 2 };
const LOGGING = { level: 'ERROR', include_execution_data: false, retention_in_days: 30 };
const LAMBDA = 'arn:aws:lambda:{region}:{account_id}:function:{prefix}';

/**
 * One workflow of each kind on the minimal environment, two more job definitions (the validator,
 * and the reconciler only a skipped job of the schedule names) and the video pipeline's queue with
 * its pipe to Batch.
 */
function withWorkflows(files: MinimalPlatformFiles, queueKmsKeyId?: string): void {
  const worker = files['batch-json/worker-job.json']!;
  files['batch-json/validator-job.json'] = { ...structuredClone(worker), name: '{prefix}-validator' };
  files['batch-json/reconciler-job.json'] = { ...structuredClone(worker), name: '{prefix}-reconciler' };
  const common = { job_queue: '{prefix}-queue', batch_retry: RETRY, logging: LOGGING, tracing_enabled: true };
  const defaults = files['config/defaults.json']!;
  defaults.step_functions = {
    state_machines: {
      hybrid_router: {
        ...common,
        pattern: 'hybrid_router',
        name: '{prefix}-hybrid-router',
        role_name: '{prefix}-router',
        chunk_size_path: '$.chunkSize',
        chunk_size_threshold: 290000,
        lambda_function_arn: `${LAMBDA}-chunk-processor`,
        processing_job_definition: '{prefix}-worker',
        validation_job_definition: '{prefix}-validator',
        lambda_retry: RETRY,
      },
      batch_group: {
        ...common,
        pattern: 'batch_group',
        name: '{prefix}-batch-group',
        role_name: '{prefix}-group',
        pre_batch_lambda_arn: `${LAMBDA}-pre-batch`,
        post_batch_lambda_arn: `${LAMBDA}-post-batch`,
        publish_lambda_arn: `${LAMBDA}-publish-results`,
        job_definition: '{prefix}-worker',
        lambda_retry: RETRY,
        group_retries: [{ errors: ['States.ALL'], ...RETRY }],
      },
      nightly_schedule: {
        ...common,
        pattern: 'job_schedule',
        name: '{prefix}-nightly-schedule',
        role_name: '{prefix}-schedule',
        jobs: {
          validate: { job_definition: '{prefix}-validator' },
          process: { job_definition: '{prefix}-worker', depends_on: ['validate'] },
          reconcile: { job_definition: '{prefix}-reconciler', depends_on: ['process'], skip: true },
        },
      },
      array_fanout: {
        ...common,
        pattern: 'array_job',
        name: '{prefix}-array-fanout',
        role_name: '{prefix}-array',
        job_definition: '{prefix}-worker',
        array_size_path: '$.arraySize',
      },
    },
  };
  Object.assign(defaults.sqs as object, {
    pipelines: {
      uploads: {
        queue: {
          name: '{prefix}-uploads',
          visibility_timeout_seconds: 900,
          message_retention_seconds: 345_600,
          receive_wait_time_seconds: 20,
          kms_master_key_id: queueKmsKeyId,
          dead_letter_queue: {
            name: '{prefix}-uploads-dlq',
            max_receive_count: 3,
            message_retention_seconds: 1_209_600,
          },
        },
        trigger: {
          name: '{prefix}-uploads-to-batch',
          role_name: '{prefix}-uploads-pipe',
          job_queue: '{prefix}-queue',
          job_definition: '{prefix}-validator',
          job_name: 'validate-upload',
          logging: LOGGING,
        },
      },
    },
  });
}

const iam = parsed(synthEnvironment(minimalEnvironment((files) => withWorkflows(files))).iam);
const statementsOf = (roleTerraformName: string): readonly PolicyStatementJson[] =>
  statementsOfPolicy(iam.resource.aws_iam_role_policy[`${roleTerraformName}_policy`]?.policy);
const statement = (role: string, sid: string): PolicyStatementJson | undefined =>
  statementsOf(role).find((s) => s.Sid === sid);
/** The sorted resources of a role's statement; none when it has no such statement. */
const resourcesOf = (role: string, sid: string): string[] => {
  const resource = statement(role, sid)?.Resource ?? [];
  return (typeof resource === 'string' ? [resource] : [...resource]).sort();
};
const ARN = 'arn:aws:batch:eu-west-1:111111111111';

describe('the roles of the workflows: exactly what their states and pipes need', () => {
  test('each state machine role may submit only its own queue and job definitions', () => {
    expect(resourcesOf('batch_group_state_machine_role', 'SubmitBatchJobs')).toEqual([
      `${ARN}:job-definition/mini-test-worker`,
      `${ARN}:job-definition/mini-test-worker:*`,
      `${ARN}:job-queue/mini-test-queue`,
    ]);
    expect(resourcesOf('array_fanout_state_machine_role', 'SubmitBatchJobs')).toEqual([
      `${ARN}:job-definition/mini-test-worker`,
      `${ARN}:job-definition/mini-test-worker:*`,
      `${ARN}:job-queue/mini-test-queue`,
    ]);
    // The schedule submits both job definitions; its skipped job (the reconciler) adds nothing.
    expect(resourcesOf('nightly_schedule_state_machine_role', 'SubmitBatchJobs')).toEqual([
      `${ARN}:job-definition/mini-test-validator`,
      `${ARN}:job-definition/mini-test-validator:*`,
      `${ARN}:job-definition/mini-test-worker`,
      `${ARN}:job-definition/mini-test-worker:*`,
      `${ARN}:job-queue/mini-test-queue`,
    ]);
  });

  test('each state machine role follows its jobs (.sync), logs and traces; only Lambda patterns invoke Lambdas', () => {
    for (const role of ['hybrid_router', 'batch_group', 'nightly_schedule', 'array_fanout'].map(
      (key) => `${key}_state_machine_role`,
    )) {
      const sids = statementsOf(role).map((s) => s.Sid);
      expect(sids).toEqual(
        expect.arrayContaining([
          'SubmitBatchJobs',
          'FollowBatchJobs',
          'StopBatchJobs',
          'ManageBatchJobEventsRule',
          'DeliverExecutionLogs',
          'WriteTraces',
        ]),
      );
      expect(statement(role, 'ManageBatchJobEventsRule')).toMatchObject({
        Action: ['events:DescribeRule', 'events:PutRule', 'events:PutTargets'],
        Resource: 'arn:aws:events:eu-west-1:111111111111:rule/StepFunctionsGetEventsForBatchJobsRule',
      });
    }
    expect(resourcesOf('batch_group_state_machine_role', 'InvokeLambdas')).toEqual(
      ['post-batch', 'pre-batch', 'publish-results'].flatMap((name) => {
        const arn = `arn:aws:lambda:eu-west-1:111111111111:function:mini-test-${name}`;
        return [arn, `${arn}:*`];
      }),
    );
    expect(statement('nightly_schedule_state_machine_role', 'InvokeLambdas')).toBeUndefined();
    expect(statement('array_fanout_state_machine_role', 'InvokeLambdas')).toBeUndefined();
  });

  test('the pipe role is assumed by EventBridge Pipes for this account only', () => {
    const trust = statementsOfPolicy(iam.resource.aws_iam_role.uploads_pipe_role?.assume_role_policy)[0];
    expect(trust).toMatchObject({
      Principal: { Service: 'pipes.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
    });
  });

  test('the pipe role consumes its queue, submits its one job definition to its queue, writes its log group', () => {
    expect(statementsOf('uploads_pipe_role')).toEqual([
      {
        Sid: 'ConsumeSourceQueue',
        Effect: 'Allow',
        Action: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
        Resource: 'arn:aws:sqs:eu-west-1:111111111111:mini-test-uploads',
      },
      {
        Sid: 'SubmitBatchJobs',
        Effect: 'Allow',
        Action: 'batch:SubmitJob',
        Resource: [
          `${ARN}:job-definition/mini-test-validator`,
          `${ARN}:job-definition/mini-test-validator:*`,
          `${ARN}:job-queue/mini-test-queue`,
        ],
      },
      {
        Sid: 'WritePipeLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: 'arn:aws:logs:eu-west-1:111111111111:log-group:/aws/vendedlogs/pipes/mini-test-uploads-to-batch:*',
      },
    ]);
  });

  test("the pipe role may decrypt its queue's messages when the queue uses a KMS key, that key only", () => {
    const key = 'arn:aws:kms:eu-west-1:111111111111:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
    expect(statement('uploads_pipe_role', 'DecryptSourceQueue')).toBeUndefined();
    const statements = statementsOfPolicy(
      parsed(synthEnvironment(minimalEnvironment((files) => withWorkflows(files, key))).iam).resource
        .aws_iam_role_policy.uploads_pipe_role_policy?.policy,
    );
    expect(statements.find((s) => s.Sid === 'DecryptSourceQueue')).toEqual({
      Sid: 'DecryptSourceQueue',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: key,
    });
  });

  test("declares the pipe roles' ARNs for the step-function stack", () => {
    expect(iam.output.pipe_role_arns.value).toEqual({ uploads: '${aws_iam_role.uploads_pipe_role.arn}' });
  });
});
