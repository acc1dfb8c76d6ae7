import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../lib/configuration/platform-config';
import type { QueueConfig } from '../lib/configuration/schemas/queue-schema';
import { type QueueSender, QueueWithDeadLetter } from '../lib/constructs/messaging/queue-with-dead-letter';
import { QueueDepthAlarms } from '../lib/constructs/monitoring/queue-depth-alarms';
import { BucketQueueNotifications, type QueueNotification } from '../lib/constructs/storage/bucket-queue-notifications';
import { PlatformStack } from '../lib/deployment/platform-stack';
import type { MockValue } from '../lib/deployment/stack-dependency';
import { mapOutput, type OutputName, stringOutput } from '../lib/deployment/stack-outputs';
import type { SynthTarget } from '../lib/deployment/synth-target';
import { bucketArn, queueArn, queueUrl } from '../lib/naming/aws-arns';
import { queueDepthAlarmsProps, queueWithDeadLetterProps } from './queue-props';

/** What the sqs stack offers its dependents. */
export const SQS_OUTPUTS = {
  core_queue_url: stringOutput('URL of the core queue (SQS_CORE_QUEUE of the processing jobs)'),
  core_queue_arn: stringOutput('ARN of the core queue'),
  core_dead_letter_queue_url: stringOutput("URL of the core queue's dead-letter queue"),
  core_dead_letter_queue_arn: stringOutput("ARN of the core queue's dead-letter queue"),
  pipeline_queue_urls: mapOutput("URL of each pipeline's queue, by its key under sqs.pipelines", (settings) =>
    Object.keys(settings.sqs.pipelines),
  ),
  pipeline_queue_arns: mapOutput("ARN of each pipeline's queue, by its key under sqs.pipelines", (settings) =>
    Object.keys(settings.sqs.pipelines),
  ),
  pipeline_dead_letter_queue_urls: mapOutput(
    "URL of each pipeline's dead-letter queue, by its key under sqs.pipelines",
    (settings) => Object.keys(settings.sqs.pipelines),
  ),
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

/**
 * The core queue processed records may go to, and the pipelines (such as the video pipeline, S3 -> SQS
 * -> Batch): each a queue with its dead-letter queue and depth alarms, fed by S3 notifications of new
 * objects in a bucket.
 */
export class SqsStack extends PlatformStack<typeof SQS_OUTPUTS> {
  public readonly outputContract = SQS_OUTPUTS;

  /** The outputs this stack will have, from the naming convention: its dependents' offline mocks. */
  public static predictedOutputs(environment: EnvironmentConfig): Record<SqsOutput, MockValue> {
    const { core_queue: core, pipelines } = environment.settings.sqs;
    const scope = { accountId: environment.settings.account_id, region: environment.settings.region };
    const byPipeline = (value: (queue: QueueConfig) => string): Record<string, string> =>
      Object.fromEntries(Object.entries(pipelines).map(([key, p]) => [key, value(p.queue)]));
    return {
      core_queue_url: queueUrl(scope, core.name),
      core_queue_arn: queueArn(scope, core.name),
      core_dead_letter_queue_url: queueUrl(scope, core.dead_letter_queue.name),
      core_dead_letter_queue_arn: queueArn(scope, core.dead_letter_queue.name),
      pipeline_queue_urls: byPipeline((queue) => queueUrl(scope, queue.name)),
      pipeline_queue_arns: byPipeline((queue) => queueArn(scope, queue.name)),
      pipeline_dead_letter_queue_urls: byPipeline((queue) => queueUrl(scope, queue.dead_letter_queue.name)),
    };
  }

  public constructor(scope: Construct, props: SqsStackProps) {
    super(scope, { module: 'sqs', ...props });
    const { core_queue: core, pipelines } = this.settings.sqs;
    const coreQueue = this.queueWithDeadLetter('core_queue', core);

    const pipelineQueues = Object.entries(pipelines).map(([key, pipeline]) => {
      const source = pipeline.source;
      const queue = this.queueWithDeadLetter(
        `${key}_queue`,
        pipeline.queue,
        source
          ? [
              {
                servicePrincipal: 's3.amazonaws.com',
                sourceArn: bucketArn(this.settings.region, source.bucket),
                sourceAccount: this.settings.account_id,
              },
            ]
          : [],
      );
      return [key, queue] as const;
    });

    // S3 keeps one notification configuration per bucket: the pipelines of a bucket share one resource,
    // named after the first of them.
    const buckets = new Map<
      string,
      { id: string; notifications: QueueNotification[]; queues: QueueWithDeadLetter[] }
    >();
    for (const [key, queue] of pipelineQueues) {
      const source = pipelines[key]!.source;
      if (!source) continue;
      if (!buckets.has(source.bucket))
        buckets.set(source.bucket, { id: `${key}_bucket_notifications`, notifications: [], queues: [] });
      const bucket = buckets.get(source.bucket)!;
      bucket.notifications.push({
        id: key,
        queueArn: queue.queue.arn,
        events: source.events,
        prefix: source.prefix,
        suffix: source.suffix,
      });
      bucket.queues.push(queue);
    }
    for (const [name, bucket] of buckets) {
      new BucketQueueNotifications(this, bucket.id, {
        bucket: name,
        notifications: bucket.notifications,
        queuePolicies: bucket.queues.map((q) => q.policy),
      });
    }

    this.declareOutputs({
      core_queue_url: coreQueue.queue.url,
      core_queue_arn: coreQueue.queue.arn,
      core_dead_letter_queue_url: coreQueue.deadLetterQueue.url,
      core_dead_letter_queue_arn: coreQueue.deadLetterQueue.arn,
      pipeline_queue_urls: Object.fromEntries(pipelineQueues.map(([key, q]) => [key, q.queue.url])),
      pipeline_queue_arns: Object.fromEntries(pipelineQueues.map(([key, q]) => [key, q.queue.arn])),
      pipeline_dead_letter_queue_urls: Object.fromEntries(
        pipelineQueues.map(([key, q]) => [key, q.deadLetterQueue.url]),
      ),
    });
  }

  /** A queue, its dead-letter queue, and its depth alarms when configured. */
  private queueWithDeadLetter(
    id: string,
    config: QueueConfig,
    senders: readonly QueueSender[] = [],
  ): QueueWithDeadLetter {
    const queue = new QueueWithDeadLetter(this, id, queueWithDeadLetterProps(config, senders));
    const alarms = queueDepthAlarmsProps(config);
    if (alarms) new QueueDepthAlarms(this, `${id}_alarms`, alarms);
    return queue;
  }
}
