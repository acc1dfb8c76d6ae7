import * as z from 'zod';
import { arn, WHEN_FIELDS_VALID } from './common-fields';

/** SQS queue names: 1-80 letters, digits, dashes and underscores (SQS CreateQueue). */
export const QueueName = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,80}$/, 'an SQS queue name: 1-80 letters, digits, dashes or underscores');

/** A dead-letter queue and how messages reach it. */
const DeadLetterSettings = z.strictObject({
  name: QueueName,
  /** Receives before a message moves to the DLQ (SQS RedrivePolicy maxReceiveCount: 1-1000). */
  max_receive_count: z.number().int().min(1).max(1000),
  message_retention_seconds: z.number().int().min(60).max(1_209_600),
});

/**
 * CloudWatch alarms on a queue: its dead-letter queue holds a message, or the queue holds at least
 * `queue_depth_threshold` visible messages. SQS sends its metrics once a minute, so periods are
 * whole minutes; CloudWatch caps period × evaluation periods at one day (PutMetricAlarm).
 */
const QueueAlarmSettings = z
  .strictObject({
    /** SNS topic notified when an alarm fires and when it clears. */
    sns_topic_arn: arn('sns', '[A-Za-z0-9_-]{1,256}', 'arn:aws:sns:eu-west-1:111111111111:alerts'),
    /** Visible messages in the queue that raise the depth alarm. */
    queue_depth_threshold: z.number().int().min(1),
    period_seconds: z
      .number()
      .int()
      .min(60)
      .max(86_400)
      .refine(
        (s) => s % 60 === 0,
        'a whole number of minutes in seconds (60, 300...): SQS sends its metrics once a minute',
      )
      .default(300),
    evaluation_periods: z.number().int().min(1).default(1),
  })
  .refine((a) => a.period_seconds * a.evaluation_periods <= 86_400, {
    message: 'period_seconds × evaluation_periods of at most 86400 (one day, the CloudWatch limit)',
    path: ['evaluation_periods'],
    ...WHEN_FIELDS_VALID,
  });

/** An SQS queue with its dead-letter queue; limits from the SQS SetQueueAttributes reference. */
export const QueueSettings = z.strictObject({
  name: QueueName,
  visibility_timeout_seconds: z.number().int().min(0).max(43_200),
  message_retention_seconds: z.number().int().min(60).max(1_209_600),
  receive_wait_time_seconds: z.number().int().min(0).max(20),
  delay_seconds: z.number().int().min(0).max(900).default(0),
  max_message_size: z.number().int().min(1024).max(262_144).default(262_144),
  /** KMS key ARN for SSE-KMS (an ARN, so job roles can be granted exactly that key); SQS-managed SSE when omitted. */
  kms_master_key_id: arn('kms', 'key/[0-9a-f-]+', 'arn:aws:kms:eu-west-1:111111111111:key/uuid').optional(),
  dead_letter_queue: DeadLetterSettings,
  /** Depth alarms; none when omitted. */
  alarms: QueueAlarmSettings.optional(),
});

/** One queue's validated settings. */
export type QueueConfig = z.infer<typeof QueueSettings>;
/** A queue's validated alarm settings. */
export type QueueAlarmConfig = z.infer<typeof QueueAlarmSettings>;
