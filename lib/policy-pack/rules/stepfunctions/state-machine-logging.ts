import { ofTypes, type ResourceRule } from '../../policy-rule';
import { blockOf, rendered } from '../../terraform-values';

/** Every state machine logs its executions to CloudWatch Logs. */
export const stateMachineLogging: ResourceRule = {
  id: 'SFN-1',
  name: 'state-machine-logging',
  reason: 'without execution logs a failed run leaves no record of which state failed and why',
  sources: ['CKV_AWS_285'],
  scope: 'resource',
  appliesTo: ofTypes('aws_sfn_state_machine'),
  check(resource) {
    const logging = blockOf(resource.values.logging_configuration);
    if (!logging)
      return [
        {
          attribute: 'logging_configuration',
          found: 'nothing (not set)',
          allowed: 'a logging_configuration with a level and a log_destination',
        },
      ];
    if (logging.level === undefined || logging.level === 'OFF')
      return [
        {
          attribute: 'logging_configuration.level',
          found: rendered(logging.level),
          allowed: '"ALL", "ERROR" or "FATAL"',
        },
      ];
    if (typeof logging.log_destination !== 'string' || logging.log_destination === '')
      return [
        {
          attribute: 'logging_configuration.log_destination',
          found: rendered(logging.log_destination),
          allowed: 'the ARN of a log group, ending in ":*"',
        },
      ];
    return [];
  },
};
