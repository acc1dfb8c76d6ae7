import { Token } from 'cdktf';

/** The capacity settings the provider's update-or-replace decision reads. */
export interface AllocationInputs {
  /** EC2, SPOT, FARGATE or FARGATE_SPOT. */
  readonly type: string;
  /** How instances are chosen. @default BEST_FIT_PROGRESSIVE for EC2, SPOT_PRICE_CAPACITY_OPTIMIZED for SPOT */
  readonly allocationStrategy?: string;
}

/** The environment settings the provider's update-or-replace decision reads. */
export interface UpdatabilityInputs {
  /** Batch service role. @default the service-linked role */
  readonly serviceRoleArn?: string;
  /** Capacity, for MANAGED environments. */
  readonly computeResources?: AllocationInputs;
}

/**
 * The allocation strategies hashicorp/aws 5.100.0 takes infrastructure updates in place for
 * (isUpdatableAllocationStrategy, internal/service/batch/compute_environment.go). Batch itself
 * takes SPOT_PRICE_CAPACITY_OPTIMIZED too (AWS Batch user guide, "Perform infrastructure
 * updates"), but this provider release replaces such an environment (measured by
 * __tests__/terraform/compute-environment-updates.test.ts; hashicorp/terraform-provider-aws#38695).
 */
const UPDATABLE_ALLOCATION_STRATEGIES: readonly string[] = ['BEST_FIT_PROGRESSIVE', 'SPOT_CAPACITY_OPTIMIZED'];

/** The service-linked role's ARN, as the provider recognizes it (isServiceLinkedRole). */
const SERVICE_LINKED_ROLE = /arn:[^:]+:iam::\d{12}:role\/aws-service-role\/batch\.amazonaws\.com\/*/;

/** The allocation strategy the environment is created with: the one given, or the construct's default for its type. */
export function allocationStrategyOf(cr: AllocationInputs): string | undefined {
  return (
    cr.allocationStrategy ??
    (cr.type === 'EC2' ? 'BEST_FIT_PROGRESSIVE' : cr.type === 'SPOT' ? 'SPOT_PRICE_CAPACITY_OPTIMIZED' : undefined)
  );
}

/**
 * Whether the provider updates the environment's infrastructure (its launch template among it) in
 * place rather than replacing it: the provider's isUpdatableComputeEnvironment, on the configured
 * values. A service role known only at plan time (an upstream output) counts as not the
 * service-linked one.
 */
export function isInfrastructureUpdatable(props: UpdatabilityInputs): boolean {
  const cr = props.computeResources;
  if (!cr) return false;
  const role = props.serviceRoleArn;
  const serviceLinked = !role || (!Token.isUnresolved(role) && SERVICE_LINKED_ROLE.test(role));
  const strategy = allocationStrategyOf(cr);
  return serviceLinked && strategy !== undefined && UPDATABLE_ALLOCATION_STRATEGIES.includes(strategy);
}
