import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import { LoggedStateMachine } from '../../../lib/constructs/workflow/logged-state-machine';
import { synthConstruct } from '../../support/construct-stack';

describe('LoggedStateMachine', () => {
  const definition = JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } });
  const { json, stack } = synthConstruct(
    (scope) =>
      new LoggedStateMachine(scope, 'router', {
        name: 'hybrid-router',
        roleArn: 'arn:aws:iam::111111111111:role/router',
        definition,
        logLevel: 'ERROR',
        includeExecutionData: false,
        logRetentionDays: 30,
        tracingEnabled: true,
      }),
  );

  test('a STANDARD state machine, traced, with the definition as given', () => {
    expect(json).toHaveResourceWithProperties(SfnStateMachine, {
      name: 'hybrid-router',
      type: 'STANDARD',
      definition,
      tracing_configuration: { enabled: true },
    });
  });

  test('logs to its own log group under /aws/vendedlogs/', () => {
    expect(json).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/vendedlogs/states/hybrid-router',
      retention_in_days: 30,
    });
    const [machine] = Object.values(stack.resource.aws_sfn_state_machine!);
    expect(machine!.logging_configuration).toEqual({
      level: 'ERROR',
      include_execution_data: false,
      log_destination: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.router_logs_.*\.arn\}:\*$/),
    });
  });
});
