import * as z from 'zod';
import { BucketName, LogRetentionDays, RoleName, TerraformName, WHEN_FIELDS_VALID } from './common-fields';
import { QueueSettings } from './queue-schema';
import { BatchJobName, BatchParameterName, EnvironmentVariableName } from './workflow-fields';

/** The S3 events a pipeline may start from (S3 event notification types of object creation). */
export const OBJECT_CREATED_EVENTS = [
  's3:ObjectCreated:*',
  's3:ObjectCreated:Put',
  's3:ObjectCreated:Post',
  's3:ObjectCreated:Copy',
  's3:ObjectCreated:CompleteMultipartUpload',
] as const;

/** The fields of an SQS message as EventBridge Pipes hands it to the target. */
const SQS_RECORD_FIELDS = [
  'messageId',
  'receiptHandle',
  'body',
  'attributes',
  'messageAttributes',
  'md5OfBody',
  'eventSource',
  'eventSourceARN',
  'awsRegion',
] as const;

/**
 * A value of a pipe's target parameters: literal text, or a whole-value JSON path into the SQS
 * message, which Pipes replaces at run time (dot notation, array indexes and wildcards only:
 * EventBridge Pipes "dynamic path parameters").
 */
const PipeValue = z
  .string()
  .min(1)
  .refine(
    (value) => {
      if (!value.startsWith('$')) return true;
      const match = /^\$\.([A-Za-z0-9_]+)((\.[A-Za-z0-9_-]+|\.\*|\[(\d+|\*)\])*)$/.exec(value);
      return match !== null && (SQS_RECORD_FIELDS as readonly string[]).includes(match[1]!);
    },
    `literal text, or a JSON path into the SQS message such as "$.body.Records[0].s3.object.key" (starting ` +
      `with one of ${SQS_RECORD_FIELDS.join(', ')}; dots, array indexes and * only)`,
  );

/** EventBridge Pipes names: 1-64 letters, digits, dots, dashes and underscores (CreatePipe). */
const PipeName = z
  .string()
  .regex(/^[.\-_A-Za-z0-9]{1,64}$/, 'a pipe name: 1-64 letters, digits, dots, dashes or underscores');

/** Where a pipeline's messages come from: S3 notifications of new objects in a bucket that already exists. */
const ObjectCreatedSource = z.strictObject({
  /** The bucket, in the environment's region (S3 notifies queues of its own region only). */
  bucket: BucketName,
  events: z.array(z.enum(OBJECT_CREATED_EVENTS)).min(1).default(['s3:ObjectCreated:*']),
  /** Key prefix the notification is limited to, such as "videos/". */
  prefix: z.string().min(1).max(1024).optional(),
  /** Key suffix the notification is limited to, such as ".mp4". */
  suffix: z.string().min(1).max(1024).optional(),
});

/** How a pipe logs: to its own CloudWatch log group. */
const PipeLogging = z.strictObject({
  level: z.enum(['ERROR', 'INFO', 'TRACE']),
  /** Log the payload and the AWS request and response (may contain data). */
  include_execution_data: z.boolean(),
  retention_in_days: LogRetentionDays,
});

/** An EventBridge Pipe from the pipeline's queue to a Batch job queue: a job per message, no code. */
const BatchTrigger = z.strictObject({
  name: PipeName,
  role_name: RoleName,
  /** Queue of the batch stack, by name. */
  job_queue: z.string().min(1),
  /** Job definition of the batch stack, by name. */
  job_definition: z.string().min(1),
  job_name: BatchJobName,
  /** Batch job parameters (the job definition's Ref:: values), literal or read from the message. */
  parameters: z.record(BatchParameterName, PipeValue).optional(),
  /** Container environment variables added to the job, literal or read from the message. */
  environment: z.record(EnvironmentVariableName, PipeValue).optional(),
  logging: PipeLogging,
});

/**
 * The video pipeline (S3 -> SQS -> Batch): a queue with its dead-letter queue and alarms, S3 object notifications into
 * it (the queue policy lets only that bucket send), and a pipe that submits a Batch job per message.
 */
const QueuePipelineSettings = z.strictObject({
  queue: QueueSettings,
  /** S3 notifications into the queue; none when omitted. */
  source: ObjectCreatedSource.optional(),
  /** The pipe to AWS Batch; none when omitted (something else consumes the queue). */
  trigger: BatchTrigger.optional(),
});

/** Settings of the sqs stack: the core queue and the pipelines. */
export const SqsSettings = z
  .strictObject({
    core_queue: QueueSettings,
    pipelines: z.record(TerraformName, QueuePipelineSettings).default({}),
  })
  .superRefine((sqs, ctx) => {
    const queueNames = new Map<string, (string | number)[]>();
    const claim = (name: string, path: (string | number)[]): void => {
      const first = queueNames.get(name);
      if (first)
        ctx.addIssue({
          code: 'custom',
          path,
          input: name,
          message: `a queue name no other queue of the sqs stack has (${first.join('.')} has it)`,
        });
      else queueNames.set(name, path);
    };
    claim(sqs.core_queue.name, ['core_queue', 'name']);
    claim(sqs.core_queue.dead_letter_queue.name, ['core_queue', 'dead_letter_queue', 'name']);
    const sources: { key: string; source: ObjectCreatedSourceConfig }[] = [];
    const pipeNames = new Map<string, string>();
    for (const [key, pipeline] of Object.entries(sqs.pipelines)) {
      claim(pipeline.queue.name, ['pipelines', key, 'queue', 'name']);
      claim(pipeline.queue.dead_letter_queue.name, ['pipelines', key, 'queue', 'dead_letter_queue', 'name']);
      if (pipeline.trigger) {
        const first = pipeNames.get(pipeline.trigger.name);
        if (first !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['pipelines', key, 'trigger', 'name'],
            input: pipeline.trigger.name,
            message: `a pipe name no other pipeline has (pipelines.${first} has it)`,
          });
        pipeNames.set(pipeline.trigger.name, key);
      }
      if (!pipeline.source) continue;
      for (const other of sources.filter(
        (s) => s.source.bucket === pipeline.source!.bucket && notificationsOverlap(s.source, pipeline.source!),
      )) {
        ctx.addIssue({
          code: 'custom',
          path: ['pipelines', key, 'source', 'prefix'],
          input: pipeline.source.prefix,
          message:
            `a prefix or suffix that does not overlap pipelines.${other.key}'s on the bucket ` +
            `${pipeline.source.bucket}: S3 rejects two notifications of the same event whose key filters ` +
            `can match the same object`,
        });
      }
      sources.push({ key, source: pipeline.source });
    }
  }, WHEN_FIELDS_VALID);

/**
 * Whether S3 would call two notifications of one bucket overlapping: they share an event type and
 * some key could match both filters (one prefix starts the other and one suffix ends the other).
 */
export function notificationsOverlap(a: ObjectCreatedSourceConfig, b: ObjectCreatedSourceConfig): boolean {
  const eventsOverlap = a.events.some((x) =>
    b.events.some((y) => x === y || x === 's3:ObjectCreated:*' || y === 's3:ObjectCreated:*'),
  );
  const prefixesOverlap = (a.prefix ?? '').startsWith(b.prefix ?? '') || (b.prefix ?? '').startsWith(a.prefix ?? '');
  const suffixesOverlap = (a.suffix ?? '').endsWith(b.suffix ?? '') || (b.suffix ?? '').endsWith(a.suffix ?? '');
  return eventsOverlap && prefixesOverlap && suffixesOverlap;
}

/** Keys of the pipelines that have a pipe to Batch, in configuration order. */
export function triggeredPipelines(sqs: SqsConfig): string[] {
  return Object.entries(sqs.pipelines)
    .filter(([, pipeline]) => pipeline.trigger !== undefined)
    .map(([key]) => key);
}

/** The sqs stack's validated settings. */
export type SqsConfig = z.infer<typeof SqsSettings>;
/** One pipeline's validated settings. */
export type QueuePipelineConfig = z.infer<typeof QueuePipelineSettings>;
/** A pipeline's validated S3 source. */
export type ObjectCreatedSourceConfig = z.infer<typeof ObjectCreatedSource>;
/** A pipeline's validated pipe to Batch. */
export type BatchTriggerConfig = z.infer<typeof BatchTrigger>;
