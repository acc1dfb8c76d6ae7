import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { QueueDepthAlarms } from '../../../lib/constructs/monitoring/queue-depth-alarms';
import { synthConstruct } from '../../support/construct-stack';

describe('QueueDepthAlarms', () => {
  const { json } = synthConstruct(
    (scope) =>
      new QueueDepthAlarms(scope, 'alarms', {
        queueName: 'results',
        deadLetterQueueName: 'results-dlq',
        queueDepthThreshold: 1000,
        periodSeconds: 300,
        evaluationPeriods: 2,
        actions: ['arn:aws:sns:eu-west-1:111111111111:oncall'],
      }),
  );

  test('fires on one message in the dead-letter queue', () => {
    expect(json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'results-dlq-not-empty',
      dimensions: { QueueName: 'results-dlq' },
      threshold: 1,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
    });
  });

  test('fires when the queue reaches the threshold, and notifies when it clears; an idle queue is no breach', () => {
    expect(json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'results-depth',
      threshold: 1000,
      period: 300,
      evaluation_periods: 2,
      treat_missing_data: 'notBreaching',
      alarm_actions: ['arn:aws:sns:eu-west-1:111111111111:oncall'],
      ok_actions: ['arn:aws:sns:eu-west-1:111111111111:oncall'],
    });
  });
});
