import { StateMachineSettings } from '../../../lib/configuration/schemas/state-machine-schema';
import { stateMachineProps } from '../../../stacks/state-machine-props';

describe('stateMachineProps', () => {
  test('an array job workflow: its generated definition submits to the configured queue, logged and traced', () => {
    const config = StateMachineSettings.parse({
      pattern: 'array_job',
      name: 'worker-array',
      role_name: 'worker-array-sfn',
      job_queue: 'worker-queue',
      job_definition: 'worker',
      array_size_path: '$.arraySize',
      input_environment_variable: 'JOB_INPUT',
      job_attempts: 1,
      job_retry: { errors: ['States.TaskFailed'], interval_seconds: 30, max_attempts: 1, backoff_rate: 2 },
      batch_retry: { interval_seconds: 30, max_attempts: 2, backoff_rate: 2 },
      logging: { level: 'ERROR', include_execution_data: false, retention_in_days: 7 },
      tracing_enabled: true,
    });
    const props = stateMachineProps(config, 'arn:aws:iam::111111111111:role/worker-array-sfn', {
      jobQueueArn: (name) => `job-queue/${name}`,
      jobDefinitionArn: (name) => `job-definition/${name}`,
    });
    expect(props).toMatchObject({
      name: 'worker-array',
      roleArn: 'arn:aws:iam::111111111111:role/worker-array-sfn',
      logLevel: 'ERROR',
      includeExecutionData: false,
      logRetentionDays: 7,
      tracingEnabled: true,
    });
    expect(props.definition).toContain('"JobQueue":"job-queue/worker-queue"');
    expect(props.definition).toContain('"JobDefinition":"job-definition/worker"');
  });
});
