import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { PipesPipe } from '@cdktf/provider-aws/lib/pipes-pipe';
import { Construct } from 'constructs';

/** An EventBridge pipe that submits a Batch job for every message of an SQS queue. */
export interface QueueToBatchPipeProps {
  /** Pipe name. */
  readonly name: string;
  /** Role the pipe runs as: consumes the queue, submits the job, writes its log group. */
  readonly roleArn: string;
  /** The queue the pipe polls. */
  readonly queueArn: string;
  /** EventBridge event pattern a message must match (others are dropped); every message when omitted. */
  readonly filterPattern?: string;
  /** The job queue jobs are submitted to. */
  readonly jobQueueArn: string;
  /** The job definition submitted. */
  readonly jobDefinitionArn: string;
  /** Name of the submitted jobs. */
  readonly jobName: string;
  /** Job parameters: literal, or whole-value JSON paths into the message. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** Container environment variables added to the job: literal, or whole-value JSON paths into the message. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Name of the pipe's log group. */
  readonly logGroupName: string;
  /** OFF, ERROR, INFO or TRACE. */
  readonly logLevel: string;
  /** Log the payload and the AWS request and response. */
  readonly logExecutionData: boolean;
  /** Days the pipe's logs are kept. */
  readonly logRetentionDays: number;
}

/**
 * The no-code trigger from SQS to AWS Batch (in place of the video pipeline's Lambda): the pipe receives a
 * message, submits a job, and deletes the message once SubmitJob succeeded; when it fails the
 * message returns to the queue and, after the queue's max receive count, to its dead-letter queue.
 * One message per job (batch size 1).
 */
export class QueueToBatchPipe extends Construct {
  /** The pipe. */
  public readonly pipe: PipesPipe;
  /** Its log group. */
  public readonly logGroup: CloudwatchLogGroup;

  public constructor(scope: Construct, id: string, props: QueueToBatchPipeProps) {
    super(scope, id);
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: props.logGroupName,
      retentionInDays: props.logRetentionDays,
    });
    const environment = Object.entries(props.environment ?? {}).map(([name, value]) => ({ name, value }));
    this.pipe = new PipesPipe(this, 'Resource', {
      name: props.name,
      roleArn: props.roleArn,
      desiredState: 'RUNNING',
      source: props.queueArn,
      sourceParameters: {
        sqsQueueParameters: { batchSize: 1 },
        filterCriteria: props.filterPattern === undefined ? undefined : { filter: [{ pattern: props.filterPattern }] },
      },
      target: props.jobQueueArn,
      targetParameters: {
        batchJobParameters: {
          jobDefinition: props.jobDefinitionArn,
          jobName: props.jobName,
          parameters: props.parameters,
          containerOverrides: environment.length > 0 ? { environment } : undefined,
        },
      },
      logConfiguration: {
        level: props.logLevel,
        includeExecutionData: props.logExecutionData ? ['ALL'] : undefined,
        cloudwatchLogsLogDestination: { logGroupArn: this.logGroup.arn },
      },
    });
  }
}
