import type { StateMachineConfig } from '../configuration/schemas/state-machine-schema';
import type { PolicyStatement } from '../constructs/iam/policy-document';
import { type ArnScope, batchSyncEventRuleArn, jobDefinitionArn, jobQueueArn, regionalArn } from '../naming/aws-arns';

/** What a state machine's states call, by name or ARN. */
export interface StateMachineNeeds {
  /** Lambda functions invoked. */
  readonly lambdaFunctionArns: readonly string[];
  /** Batch job queues jobs are submitted to. */
  readonly jobQueueNames: readonly string[];
  /** Batch job definitions submitted. */
  readonly jobDefinitionNames: readonly string[];
  /** Whether a task waits for Batch jobs (`submitJob.sync`). */
  readonly waitsForBatchJobs: boolean;
}

/** What the states of a configured state machine call; skipped jobs of a schedule call nothing. */
export function stateMachineNeeds(config: StateMachineConfig): StateMachineNeeds {
  switch (config.pattern) {
    case 'hybrid_router':
      return {
        lambdaFunctionArns: [config.lambda_function_arn],
        jobQueueNames: [config.job_queue],
        jobDefinitionNames: [
          config.processing_job_definition,
          ...(config.validation_job_definition ? [config.validation_job_definition] : []),
        ],
        waitsForBatchJobs: true,
      };
    case 'batch_group':
      return {
        lambdaFunctionArns: [
          config.pre_batch_lambda_arn,
          config.post_batch_lambda_arn,
          ...(config.publish_lambda_arn ? [config.publish_lambda_arn] : []),
        ],
        jobQueueNames: [config.job_queue],
        jobDefinitionNames: [config.job_definition],
        waitsForBatchJobs: true,
      };
    case 'job_schedule': {
      const submitted = Object.values(config.jobs).filter((job) => !job.skip);
      return {
        lambdaFunctionArns: [],
        jobQueueNames: unique(submitted.map((job) => job.job_queue ?? config.job_queue)),
        jobDefinitionNames: unique(submitted.map((job) => job.job_definition)),
        waitsForBatchJobs: submitted.length > 0,
      };
    }
    case 'array_job':
      return {
        lambdaFunctionArns: [],
        jobQueueNames: [config.job_queue],
        jobDefinitionNames: [config.job_definition],
        waitsForBatchJobs: true,
      };
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * Exactly what the role of a state machine needs: its Batch jobs (the `.sync` integration also
 * manages the StepFunctionsGetEventsForBatchJobsRule rule), its Lambdas, log delivery and X-Ray.
 */
export function stateMachineStatements(scope: ArnScope, needs: StateMachineNeeds): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  if (needs.jobQueueNames.length > 0) {
    statements.push({
      sid: 'SubmitBatchJobs',
      actions: ['batch:SubmitJob'],
      resources: [
        ...needs.jobQueueNames.map((name) => jobQueueArn(scope, name)),
        ...needs.jobDefinitionNames.flatMap((name) => [
          jobDefinitionArn(scope, name),
          `${jobDefinitionArn(scope, name)}:*`,
        ]),
      ],
    });
  }
  if (needs.waitsForBatchJobs) {
    // DescribeJobs has no resource-level permissions; TerminateJob stops a job when its execution is stopped.
    statements.push({ sid: 'FollowBatchJobs', actions: ['batch:DescribeJobs'], resources: ['*'] });
    statements.push({
      sid: 'StopBatchJobs',
      actions: ['batch:TerminateJob'],
      resources: [regionalArn(scope, 'batch', 'job/*')],
    });
    statements.push({
      sid: 'ManageBatchJobEventsRule',
      actions: ['events:DescribeRule', 'events:PutRule', 'events:PutTargets'],
      resources: [batchSyncEventRuleArn(scope)],
    });
  }
  if (needs.lambdaFunctionArns.length > 0) {
    statements.push({
      sid: 'InvokeLambdas',
      actions: ['lambda:InvokeFunction'],
      resources: needs.lambdaFunctionArns.flatMap((arn) => [arn, `${arn}:*`]),
    });
  }
  // CloudWatch Logs delivery and X-Ray accept no resource narrower than "*" for these actions.
  statements.push({
    sid: 'DeliverExecutionLogs',
    actions: [
      'logs:CreateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:DescribeLogGroups',
      'logs:DescribeResourcePolicies',
      'logs:GetLogDelivery',
      'logs:ListLogDeliveries',
      'logs:PutResourcePolicy',
      'logs:UpdateLogDelivery',
    ],
    resources: ['*'],
  });
  statements.push({
    sid: 'WriteTraces',
    actions: ['xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
    resources: ['*'],
  });
  return statements;
}
