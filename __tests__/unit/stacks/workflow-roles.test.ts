import { type MinimalPlatformFiles, minimalEnvironment } from '../../support/minimal-environment';
import { withEveryWorkflow } from '../../support/minimal-workflows';
import {
  parsed,
  type PolicyStatementJson,
  statementsOf as statementsOfPolicy,
  synthEnvironment,
} from '../../support/synth-helpers';

/** The uploads queue of the video pipeline encrypted with this KMS key. */
const withQueueKey = (key: string) => (files: MinimalPlatformFiles) => {
  withEveryWorkflow(files);
  const sqs = files['config/defaults.json']!.sqs as { pipelines: { uploads: { queue: Record<string, unknown> } } };
  sqs.pipelines.uploads.queue.kms_master_key_id = key;
};

const iam = parsed(synthEnvironment(minimalEnvironment(withEveryWorkflow)).iam);
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
      parsed(synthEnvironment(minimalEnvironment(withQueueKey(key))).iam).resource.aws_iam_role_policy
        .uploads_pipe_role_policy?.policy,
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
