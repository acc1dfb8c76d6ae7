/**
 * ARNs and URLs derived from the naming convention (account, region, name). Stacks use them to
 * grant access to resources another stack owns without reading that stack's state, which keeps
 * the stack graph free of cycles, and to predict upstream outputs for offline plans.
 */

/** Where an ARN points: the account and region of an environment. */
export interface ArnScope {
  /** 12-digit account id. */
  readonly accountId: string;
  /** Region code. */
  readonly region: string;
}

/** The partition of a region: `aws`, `aws-cn` or `aws-us-gov`. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** arn:<partition>:<service>:<region>:<account>:<resource>. */
export function regionalArn(scope: ArnScope, service: string, resource: string): string {
  return `arn:${partitionOf(scope.region)}:${service}:${scope.region}:${scope.accountId}:${resource}`;
}

/** An IAM role's ARN; `path` is the role's IAM path, such as "/". */
export function roleArn(scope: ArnScope, path: string, name: string): string {
  return `arn:${partitionOf(scope.region)}:iam::${scope.accountId}:role${path}${name}`;
}

/** An instance profile's ARN. */
export function instanceProfileArn(scope: ArnScope, path: string, name: string): string {
  return `arn:${partitionOf(scope.region)}:iam::${scope.accountId}:instance-profile${path}${name}`;
}

/** An AWS managed policy's ARN, such as `service-role/AWSBatchServiceRole`. */
export function awsManagedPolicyArn(region: string, name: string): string {
  return `arn:${partitionOf(region)}:iam::aws:policy/${name}`;
}

/** A Batch job queue's ARN. */
export function jobQueueArn(scope: ArnScope, name: string): string {
  return regionalArn(scope, 'batch', `job-queue/${name}`);
}

/** A Batch job definition's ARN without revision (Batch then uses the latest ACTIVE one). */
export function jobDefinitionArn(scope: ArnScope, name: string): string {
  return regionalArn(scope, 'batch', `job-definition/${name}`);
}

/** A Batch compute environment's ARN. */
export function computeEnvironmentArn(scope: ArnScope, name: string): string {
  return regionalArn(scope, 'batch', `compute-environment/${name}`);
}

/** An SQS queue's ARN. */
export function queueArn(scope: ArnScope, name: string): string {
  return regionalArn(scope, 'sqs', name);
}

/** An SQS queue's URL, as GetQueueUrl returns it. */
export function queueUrl(scope: ArnScope, name: string): string {
  const domain = partitionOf(scope.region) === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://sqs.${scope.region}.${domain}/${scope.accountId}/${name}`;
}

/** A Step Functions state machine's ARN. */
export function stateMachineArn(scope: ArnScope, name: string): string {
  return regionalArn(scope, 'states', `stateMachine:${name}`);
}

/** The EventBridge rule Step Functions manages for `.sync` Batch tasks. */
export function batchSyncEventRuleArn(scope: ArnScope): string {
  return regionalArn(scope, 'events', 'rule/StepFunctionsGetEventsForBatchJobsRule');
}

/** The topic ARNs of an MSK cluster: arn:...:cluster/<name>/<uuid> becomes arn:...:topic/<name>/<uuid>/<topic>. */
export function kafkaTopicArn(clusterArn: string, topic: string): string {
  return `${clusterArn.replace(':cluster/', ':topic/')}/${topic}`;
}

/** A CloudWatch Logs log group's ARN, as IAM resources name it (`:*` covers its streams). */
export function logGroupArn(scope: ArnScope, name: string): string {
  return regionalArn(scope, 'logs', `log-group:${name}:*`);
}

/** The log group of an EventBridge pipe: under /aws/vendedlogs/, like the state machines'. */
export function pipeLogGroupName(pipeName: string): string {
  return `/aws/vendedlogs/pipes/${pipeName}`;
}

/** An S3 bucket's ARN (bucket ARNs hold neither region nor account). */
export function bucketArn(region: string, name: string): string {
  return `arn:${partitionOf(region)}:s3:::${name}`;
}

/** An EventBridge pipe's ARN. */
export function pipeArn(scope: ArnScope, name: string): string {
  return regionalArn(scope, 'pipes', `pipe/${name}`);
}
