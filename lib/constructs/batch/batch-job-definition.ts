import type { ContainerProperties, EcsProperties, NodeProperties } from '@aws-sdk/client-batch';
import { BatchJobDefinition as BatchJobDefinitionResource } from '@cdktf/provider-aws/lib/batch-job-definition';
import { Construct } from 'constructs';

/** A retry condition of a job. */
export interface EvaluateOnExit {
  /** RETRY or EXIT. */
  readonly action: 'RETRY' | 'EXIT';
  /** Exit code pattern. */
  readonly onExitCode?: string;
  /** Reason pattern. */
  readonly onReason?: string;
  /** Status reason pattern. */
  readonly onStatusReason?: string;
}

/**
 * A Batch job definition. Terraform hands container_properties, ecs_properties and node_properties
 * to AWS as unchecked JSON (the provider silently drops keys it does not know), so they are typed
 * here with the AWS SDK's own shapes: a misspelled key or a wrong type fails to compile.
 */
export interface BatchJobDefinitionProps {
  /** Definition name. */
  readonly name: string;
  /** container (a job or an array job) or multinode (a multi-node parallel job). */
  readonly type: 'container' | 'multinode';
  /** EC2 or FARGATE. */
  readonly platformCapabilities: readonly ('EC2' | 'FARGATE')[];
  /** Copy the job's tags to its ECS tasks. */
  readonly propagateTags: boolean;
  /** Default values of `Ref::` parameters. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** Attempts and when to retry. */
  readonly retryStrategy?: { readonly attempts: number; readonly evaluateOnExit?: readonly EvaluateOnExit[] };
  /** Attempt timeout, in seconds (at least 60). */
  readonly timeoutSeconds?: number;
  /** Priority on fair-share queues (0-9999). */
  readonly schedulingPriority?: number;
  /** Deregister the previous revision when a new one is made. */
  readonly deregisterOnNewRevision: boolean;
  /** The container (type container), or ecsProperties instead. */
  readonly containerProperties?: ContainerProperties;
  /** The ECS task of several containers (type container), or containerProperties instead. */
  readonly ecsProperties?: EcsProperties;
  /** The nodes (type multinode). */
  readonly nodeProperties?: NodeProperties;
  /** Tags of this resource, on top of the provider's default tags. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A Batch job definition. */
export class BatchJobDefinition extends Construct {
  /** The definition. */
  public readonly definition: BatchJobDefinitionResource;

  public constructor(scope: Construct, id: string, props: BatchJobDefinitionProps) {
    super(scope, id);
    this.node.addValidation({ validate: () => validateJobDefinition(props) });
    this.definition = new BatchJobDefinitionResource(this, 'Resource', {
      name: props.name,
      type: props.type,
      platformCapabilities: [...props.platformCapabilities],
      propagateTags: props.propagateTags,
      deregisterOnNewRevision: props.deregisterOnNewRevision,
      ...(props.containerProperties ? { containerProperties: JSON.stringify(props.containerProperties) } : {}),
      ...(props.ecsProperties ? { ecsProperties: JSON.stringify(props.ecsProperties) } : {}),
      ...(props.nodeProperties ? { nodeProperties: JSON.stringify(props.nodeProperties) } : {}),
      ...(props.tags ? { tags: { ...props.tags } } : {}),
      ...(props.parameters ? { parameters: { ...props.parameters } } : {}),
      ...(props.schedulingPriority !== undefined ? { schedulingPriority: props.schedulingPriority } : {}),
      ...(props.timeoutSeconds !== undefined ? { timeout: { attemptDurationSeconds: props.timeoutSeconds } } : {}),
      ...(props.retryStrategy
        ? {
            retryStrategy: {
              attempts: props.retryStrategy.attempts,
              ...(props.retryStrategy.evaluateOnExit
                ? {
                    evaluateOnExit: props.retryStrategy.evaluateOnExit.map((e) => ({
                      action: e.action,
                      ...(e.onExitCode !== undefined ? { onExitCode: e.onExitCode } : {}),
                      ...(e.onReason !== undefined ? { onReason: e.onReason } : {}),
                      ...(e.onStatusReason !== undefined ? { onStatusReason: e.onStatusReason } : {}),
                    })),
                  }
                : {}),
            },
          }
        : {}),
    });
  }
}

/** Combinations RegisterJobDefinition rejects. */
function validateJobDefinition(props: BatchJobDefinitionProps): string[] {
  const errors: string[] = [];
  if (props.type === 'container' && (!props.containerProperties === !props.ecsProperties || props.nodeProperties))
    errors.push(
      'a container job definition takes containerProperties or ecsProperties (exactly one) and no nodeProperties',
    );
  if (props.type === 'multinode' && (!props.nodeProperties || props.containerProperties || props.ecsProperties))
    errors.push('a multinode job definition takes nodeProperties and no containerProperties or ecsProperties');
  if (props.ecsProperties && props.ecsProperties.taskProperties?.length !== 1)
    errors.push(
      `ecsProperties with ${props.ecsProperties.taskProperties?.length ?? 0} tasks: ` +
        'exactly one (Batch takes one task element)',
    );
  if (props.type === 'multinode' && props.platformCapabilities.includes('FARGATE'))
    errors.push('multi-node parallel jobs do not run on Fargate');
  if (props.timeoutSeconds !== undefined && props.timeoutSeconds < 60)
    errors.push(`timeout of ${props.timeoutSeconds} s: at least 60`);
  if (props.schedulingPriority !== undefined && (props.schedulingPriority < 0 || props.schedulingPriority > 9999))
    errors.push(`scheduling priority ${props.schedulingPriority}: 0 to 9999`);
  return errors;
}
