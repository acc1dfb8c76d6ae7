import { ofTypes, type ResourceRule } from '../../policy-rule';
import { blockOf, booleanOf, rendered } from '../../terraform-values';

/** Every state machine traces its executions with X-Ray. */
export const stateMachineTracing: ResourceRule = {
  id: 'SFN-2',
  name: 'state-machine-tracing',
  reason: 'X-Ray traces show where an execution spent its time across Lambda, Batch and SQS',
  sources: ['CKV_AWS_284'],
  scope: 'resource',
  appliesTo: ofTypes('aws_sfn_state_machine'),
  check(resource) {
    const enabled = blockOf(resource.values.tracing_configuration)?.enabled;
    if (booleanOf(enabled) === true) return [];
    return [{ attribute: 'tracing_configuration.enabled', found: rendered(enabled), allowed: 'true' }];
  },
};
