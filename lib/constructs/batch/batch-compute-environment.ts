import { BatchComputeEnvironment as BatchComputeEnvironmentResource } from '@cdktf/provider-aws/lib/batch-compute-environment';
import { Construct } from 'constructs';

/** The capacity of a managed compute environment. */
export interface ComputeResourcesProps {
  /** EC2, SPOT, FARGATE or FARGATE_SPOT. */
  readonly type: string;
  /** How instances are chosen. */
  readonly allocationStrategy?: string;
  /** Maximum Spot price, as a percentage of On-Demand. */
  readonly bidPercentage?: number;
  /** vCPUs kept running when idle. */
  readonly minVcpus?: number;
  /** vCPU ceiling. */
  readonly maxVcpus: number;
  /** Initial vCPUs; Batch manages it afterwards, so changes are ignored. */
  readonly desiredVcpus?: number;
  /** Instance types or families. */
  readonly instanceTypes?: readonly string[];
  /** Instance profile of the instances. */
  readonly instanceRoleArn?: string;
  /** Spot Fleet role (SPOT). */
  readonly spotFleetRoleArn?: string;
  /** Subnets of the instances or tasks. */
  readonly subnetIds: readonly string[];
  /** Security groups of the instances or tasks. */
  readonly securityGroupIds: readonly string[];
  /** Launch template and its pinned numeric version. */
  readonly launchTemplate?: { readonly id: string; readonly version: string };
  /** AMI families Batch picks from. */
  readonly ec2Configuration?: readonly { readonly imageType: string; readonly imageIdOverride?: string }[];
  /** SSH key pair. */
  readonly ec2KeyPair?: string;
  /** Placement group. */
  readonly placementGroup?: string;
  /** Tags of the instances; a change replaces the environment. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A Batch compute environment. */
export interface BatchComputeEnvironmentProps {
  /** Environment name. */
  readonly name: string;
  /** MANAGED or UNMANAGED. */
  readonly type: string;
  /** ENABLED or DISABLED. */
  readonly state: string;
  /** Batch service role; the service-linked role when omitted. */
  readonly serviceRoleArn?: string;
  /** Capacity, for MANAGED environments. */
  readonly computeResources?: ComputeResourcesProps;
  /** Tags of this resource, on top of the provider's default tags. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A Batch compute environment that leaves desired vCPUs to Batch. */
export class BatchComputeEnvironment extends Construct {
  /** The environment. */
  public readonly environment: BatchComputeEnvironmentResource;

  public constructor(scope: Construct, id: string, props: BatchComputeEnvironmentProps) {
    super(scope, id);
    const cr = props.computeResources;
    this.environment = new BatchComputeEnvironmentResource(this, 'Resource', {
      computeEnvironmentName: props.name,
      type: props.type,
      state: props.state,
      ...(props.serviceRoleArn ? { serviceRole: props.serviceRoleArn } : {}),
      ...(props.tags ? { tags: { ...props.tags } } : {}),
      ...(cr ? {
        computeResources: {
          type: cr.type,
          maxVcpus: cr.maxVcpus,
          subnets: [...cr.subnetIds],
          securityGroupIds: [...cr.securityGroupIds],
          ...(cr.allocationStrategy ? { allocationStrategy: cr.allocationStrategy } : {}),
          ...(cr.bidPercentage !== undefined ? { bidPercentage: cr.bidPercentage } : {}),
          ...(cr.minVcpus !== undefined ? { minVcpus: cr.minVcpus } : {}),
          ...(cr.desiredVcpus !== undefined ? { desiredVcpus: cr.desiredVcpus } : {}),
          ...(cr.instanceTypes ? { instanceType: [...cr.instanceTypes] } : {}),
          ...(cr.instanceRoleArn ? { instanceRole: cr.instanceRoleArn } : {}),
          ...(cr.spotFleetRoleArn ? { spotIamFleetRole: cr.spotFleetRoleArn } : {}),
          ...(cr.launchTemplate ? { launchTemplate: { launchTemplateId: cr.launchTemplate.id, version: cr.launchTemplate.version } } : {}),
          ...(cr.ec2Configuration ? { ec2Configuration: cr.ec2Configuration.map((c) => ({ imageType: c.imageType, ...(c.imageIdOverride ? { imageIdOverride: c.imageIdOverride } : {}) })) } : {}),
          ...(cr.ec2KeyPair ? { ec2KeyPair: cr.ec2KeyPair } : {}),
          ...(cr.placementGroup ? { placementGroup: cr.placementGroup } : {}),
          ...(cr.tags ? { tags: { ...cr.tags } } : {}),
        },
      } : {}),
      // Batch scales desired vCPUs itself; without this every plan would try to reset it.
      lifecycle: cr ? { ignoreChanges: ['compute_resources[0].desired_vcpus'] } : {},
    });
  }
}
