import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { PipesPipe } from '@cdktf/provider-aws/lib/pipes-pipe';
import { QueueToBatchPipe, type QueueToBatchPipeProps } from '../../../lib/constructs/pipes/queue-to-batch-pipe';
import { synthConstruct } from '../../support/construct-stack';
import type { TerraformBlock } from '../../support/synth-helpers';

const pipe: QueueToBatchPipeProps = {
  name: 'uploads-to-batch',
  roleArn: 'arn:aws:iam::111111111111:role/pipe',
  queueArn: 'arn:aws:sqs:eu-west-1:111111111111:uploads',
  jobQueueArn: 'arn:aws:batch:eu-west-1:111111111111:job-queue/queue',
  jobDefinitionArn: 'arn:aws:batch:eu-west-1:111111111111:job-definition/transcode',
  jobName: 'transcode',
  logGroupName: '/aws/vendedlogs/pipes/uploads-to-batch',
  logLevel: 'ERROR',
  logExecutionData: false,
  logRetentionDays: 14,
};

function synthPipe(props: QueueToBatchPipeProps): { json: string; resource: TerraformBlock } {
  const { json, stack } = synthConstruct((scope) => new QueueToBatchPipe(scope, 'pipe', props));
  return { json, resource: Object.values(stack.resource.aws_pipes_pipe!)[0]! };
}

describe('QueueToBatchPipe', () => {
  test('submits one job per message to the job queue, logging to its own log group', () => {
    const { json, resource } = synthPipe(pipe);
    expect(json).toHaveResourceWithProperties(PipesPipe, {
      name: 'uploads-to-batch',
      desired_state: 'RUNNING',
      source: 'arn:aws:sqs:eu-west-1:111111111111:uploads',
      target: 'arn:aws:batch:eu-west-1:111111111111:job-queue/queue',
      source_parameters: { sqs_queue_parameters: { batch_size: 1 } },
    });
    expect(json).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/vendedlogs/pipes/uploads-to-batch',
      retention_in_days: 14,
    });
    expect(resource).not.toHaveProperty('source_parameters.filter_criteria');
    expect(resource).not.toHaveProperty('target_parameters.batch_job_parameters.container_overrides');
    expect(resource).not.toHaveProperty('log_configuration.include_execution_data');
  });

  test('a filter, parameters, environment variables and execution data when given', () => {
    const { resource } = synthPipe({
      ...pipe,
      filterPattern: '{"body":{"detail-type":["Object Created"]}}',
      parameters: { key: '$.body.detail.object.key' },
      environment: { BUCKET: 'uploads' },
      logExecutionData: true,
    });
    expect(resource).toMatchObject({
      source_parameters: { filter_criteria: { filter: [{ pattern: '{"body":{"detail-type":["Object Created"]}}' }] } },
      target_parameters: {
        batch_job_parameters: {
          parameters: { key: '$.body.detail.object.key' },
          container_overrides: { environment: [{ name: 'BUCKET', value: 'uploads' }] },
        },
      },
      log_configuration: { include_execution_data: ['ALL'] },
    });
  });
});
