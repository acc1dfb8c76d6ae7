import type { JobDefinitionConfig } from '../lib/configuration/schemas/job-definition-schema';
import type { BatchJobDefinitionProps } from '../lib/constructs/batch/batch-job-definition';

/**
 * A job definition of batch-json as the construct takes it; `resolve` replaces the {dependency.*}
 * placeholders of its properties and parameters with the upstream stacks' outputs.
 */
export function jobDefinitionProps(config: JobDefinitionConfig, resolve: <T>(value: T) => T): BatchJobDefinitionProps {
  return {
    name: config.name,
    type: config.type,
    platformCapabilities: config.platform_capabilities,
    propagateTags: config.propagate_tags,
    deregisterOnNewRevision: config.deregister_on_new_revision,
    containerProperties: config.container_properties && resolve(config.container_properties),
    ecsProperties: config.ecs_properties && resolve(config.ecs_properties),
    nodeProperties: config.node_properties && resolve(config.node_properties),
    parameters: config.parameters && resolve(config.parameters),
    schedulingPriority: config.scheduling_priority,
    timeoutSeconds: config.timeout?.attempt_duration_seconds,
    retryStrategy: config.retry_strategy && {
      attempts: config.retry_strategy.attempts,
      evaluateOnExit: config.retry_strategy.evaluate_on_exit?.map((e) => ({
        action: e.action,
        onExitCode: e.on_exit_code,
        onReason: e.on_reason,
        onStatusReason: e.on_status_reason,
      })),
    },
    tags: config.tags,
  };
}
