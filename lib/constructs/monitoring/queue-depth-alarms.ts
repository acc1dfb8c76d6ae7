import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';

/** Alarms on how many messages wait in a queue and its dead-letter queue. */
export interface QueueDepthAlarmsProps {
  /** Name of the queue. */
  readonly queueName: string;
  /** Name of its dead-letter queue. */
  readonly deadLetterQueueName: string;
  /** Visible messages in the queue that raise the depth alarm. */
  readonly queueDepthThreshold: number;
  /** Seconds over which the metric's maximum is taken. */
  readonly periodSeconds: number;
  /** Periods that must breach before the alarm fires. */
  readonly evaluationPeriods: number;
  /** Where the alarms notify, when they fire and when they clear (SNS topic ARNs). */
  readonly actions: readonly string[];
}

/**
 * Two CloudWatch alarms: the dead-letter queue holds any message (one failed for good), and the
 * queue holds at least `queueDepthThreshold` messages (consumers fall behind). An idle queue stops
 * sending metrics after six hours (SQS), which is not a breach.
 */
export class QueueDepthAlarms extends Construct {
  /** Fires when the dead-letter queue holds a message. */
  public readonly deadLetterAlarm: CloudwatchMetricAlarm;
  /** Fires when the queue holds at least the threshold. */
  public readonly depthAlarm: CloudwatchMetricAlarm;

  public constructor(scope: Construct, id: string, props: QueueDepthAlarmsProps) {
    super(scope, id);
    const common = {
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      statistic: 'Maximum',
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      period: props.periodSeconds,
      evaluationPeriods: props.evaluationPeriods,
      treatMissingData: 'notBreaching',
      alarmActions: [...props.actions],
      okActions: [...props.actions],
    };
    this.deadLetterAlarm = new CloudwatchMetricAlarm(this, 'dead_letter_not_empty', {
      ...common,
      alarmName: `${props.deadLetterQueueName}-not-empty`,
      alarmDescription: `${props.deadLetterQueueName} holds messages that failed ${props.queueName} for good`,
      dimensions: { QueueName: props.deadLetterQueueName },
      threshold: 1,
    });
    this.depthAlarm = new CloudwatchMetricAlarm(this, 'depth', {
      ...common,
      alarmName: `${props.queueName}-depth`,
      alarmDescription:
        `${props.queueName} holds at least ${props.queueDepthThreshold} messages: ` + 'its consumers fall behind',
      dimensions: { QueueName: props.queueName },
      threshold: props.queueDepthThreshold,
    });
  }
}
