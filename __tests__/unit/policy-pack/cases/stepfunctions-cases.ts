import { stateMachineLogging } from '../../../../lib/policy-pack/rules/stepfunctions/state-machine-logging';
import { stateMachineTracing } from '../../../../lib/policy-pack/rules/stepfunctions/state-machine-tracing';
import type { RuleCases } from '../rule-case';

const machine = (values: object): { aws_sfn_state_machine: Record<string, object> } => ({
  aws_sfn_state_machine: {
    router: {
      name: 'router',
      role_arn: 'arn:aws:iam::111111111111:role/sfn',
      definition: '{"StartAt":"Done","States":{"Done":{"Type":"Succeed"}}}',
      logging_configuration: {
        level: 'ERROR',
        include_execution_data: false,
        log_destination: '${aws_cloudwatch_log_group.logs.arn}:*',
      },
      tracing_configuration: { enabled: true },
      ...values,
    },
  },
});

export const STEP_FUNCTIONS_CASES: readonly RuleCases[] = [
  {
    rule: stateMachineLogging,
    compliant: [{ name: 'errors logged to a log group', resource: machine({}) }],
    noncompliant: [
      {
        name: 'no logging configuration',
        resource: machine({ logging_configuration: undefined }),
        attribute: 'logging_configuration',
      },
      {
        name: 'level OFF',
        resource: machine({
          logging_configuration: { level: 'OFF', log_destination: 'arn:aws:logs:eu-west-1:111111111111:log-group:x:*' },
        }),
        attribute: 'logging_configuration.level',
      },
    ],
  },
  {
    rule: stateMachineTracing,
    compliant: [{ name: 'X-Ray on', resource: machine({}) }],
    noncompliant: [
      {
        name: 'X-Ray off',
        resource: machine({ tracing_configuration: { enabled: false } }),
        attribute: 'tracing_configuration.enabled',
      },
      {
        name: 'no tracing configuration',
        resource: machine({ tracing_configuration: undefined }),
        attribute: 'tracing_configuration.enabled',
      },
    ],
  },
];
