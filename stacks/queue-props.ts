import type { QueueConfig } from '../lib/configuration/schemas/queue-schema';
import type { QueueSender, QueueWithDeadLetterProps } from '../lib/constructs/messaging/queue-with-dead-letter';
import type { QueueDepthAlarmsProps } from '../lib/constructs/monitoring/queue-depth-alarms';

/** A queue of the environment's sqs settings and its dead-letter queue, as the construct takes them. */
export function queueWithDeadLetterProps(
  config: QueueConfig,
  senders: readonly QueueSender[],
): QueueWithDeadLetterProps {
  return {
    name: config.name,
    visibilityTimeoutSeconds: config.visibility_timeout_seconds,
    messageRetentionSeconds: config.message_retention_seconds,
    receiveWaitTimeSeconds: config.receive_wait_time_seconds,
    delaySeconds: config.delay_seconds,
    maxMessageSize: config.max_message_size,
    kmsMasterKeyId: config.kms_master_key_id,
    deadLetter: {
      name: config.dead_letter_queue.name,
      maxReceiveCount: config.dead_letter_queue.max_receive_count,
      messageRetentionSeconds: config.dead_letter_queue.message_retention_seconds,
    },
    senders,
  };
}

/** The depth alarms of a queue and its dead-letter queue, when the queue configures them. */
export function queueDepthAlarmsProps(config: QueueConfig): QueueDepthAlarmsProps | undefined {
  if (!config.alarms) return undefined;
  return {
    queueName: config.name,
    deadLetterQueueName: config.dead_letter_queue.name,
    queueDepthThreshold: config.alarms.queue_depth_threshold,
    periodSeconds: config.alarms.period_seconds,
    evaluationPeriods: config.alarms.evaluation_periods,
    actions: [config.alarms.sns_topic_arn],
  };
}
