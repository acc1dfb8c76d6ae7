import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../lib/configuration/platform-config';
import { QueueWithDeadLetter } from '../lib/constructs/messaging/queue-with-dead-letter';
import { PlatformStack } from '../lib/deployment/platform-stack';
import type { MockValue } from '../lib/deployment/stack-dependency';
import { type OutputName, stringOutput } from '../lib/deployment/stack-outputs';
import type { SynthTarget } from '../lib/deployment/synth-target';
import { queueArn, queueUrl } from '../lib/naming/aws-arns';

/** What the sqs stack offers its dependents. */
export const SQS_OUTPUTS = {
  core_queue_url: stringOutput('URL of the core queue (SQS_CORE_QUEUE of the processing jobs)'),
  core_queue_arn: stringOutput('ARN of the core queue'),
  core_dead_letter_queue_url: stringOutput('URL of the core queue\'s dead-letter queue'),
  core_dead_letter_queue_arn: stringOutput('ARN of the core queue\'s dead-letter queue'),
};

/** An output of the sqs stack. */
export type SqsOutput = OutputName<typeof SQS_OUTPUTS>;

/** What the sqs stack is built from. */
export interface SqsStackProps {
  /** The environment's validated configuration. */
  readonly environment: EnvironmentConfig;
  /** Where the stack will run. */
  readonly target: SynthTarget;
}

/** The core queue processed records may go to, with its dead-letter queue. */
export class SqsStack extends PlatformStack<typeof SQS_OUTPUTS> {
  public readonly outputContract = SQS_OUTPUTS;

  /** The outputs this stack will have, from the naming convention: its dependents' offline mocks. */
  public static predictedOutputs(environment: EnvironmentConfig): Record<SqsOutput, MockValue> {
    const core = environment.settings.sqs.core_queue;
    const scope = { accountId: environment.settings.account_id, region: environment.settings.region };
    return {
      core_queue_url: queueUrl(scope, core.name),
      core_queue_arn: queueArn(scope, core.name),
      core_dead_letter_queue_url: queueUrl(scope, core.dead_letter_queue.name),
      core_dead_letter_queue_arn: queueArn(scope, core.dead_letter_queue.name),
    };
  }

  public constructor(scope: Construct, props: SqsStackProps) {
    super(scope, { module: 'sqs', ...props });
    const core = this.settings.sqs.core_queue;
    const queue = new QueueWithDeadLetter(this, 'core_queue', {
      name: core.name,
      visibilityTimeoutSeconds: core.visibility_timeout_seconds,
      messageRetentionSeconds: core.message_retention_seconds,
      receiveWaitTimeSeconds: core.receive_wait_time_seconds,
      delaySeconds: core.delay_seconds,
      maxMessageSize: core.max_message_size,
      ...(core.kms_master_key_id ? { kmsMasterKeyId: core.kms_master_key_id } : {}),
      deadLetter: {
        name: core.dead_letter_queue.name,
        maxReceiveCount: core.dead_letter_queue.max_receive_count,
        messageRetentionSeconds: core.dead_letter_queue.message_retention_seconds,
      },
    });
    this.declareOutputs({
      core_queue_url: queue.queue.url,
      core_queue_arn: queue.queue.arn,
      core_dead_letter_queue_url: queue.deadLetterQueue.url,
      core_dead_letter_queue_arn: queue.deadLetterQueue.arn,
    });
  }
}
