import type { StateMachineConfig } from '../lib/configuration/schemas/state-machine-schema';
import type { LoggedStateMachineProps } from '../lib/constructs/workflow/logged-state-machine';
import { type BatchArns, stateMachineDefinition } from '../lib/state-machines/state-machine-definition';

/** A configured workflow as the construct takes it: its generated definition, logging and tracing. */
export function stateMachineProps(
  config: StateMachineConfig,
  roleArn: string,
  arns: BatchArns,
): LoggedStateMachineProps {
  return {
    name: config.name,
    roleArn,
    definition: JSON.stringify(stateMachineDefinition(config, arns)),
    logLevel: config.logging.level,
    includeExecutionData: config.logging.include_execution_data,
    logRetentionDays: config.logging.retention_in_days,
    tracingEnabled: config.tracing_enabled,
  };
}
