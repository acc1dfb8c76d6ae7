import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../lib/configuration/platform-config';
import { EgressOnlySecurityGroup } from '../lib/constructs/network/egress-only-security-group';
import { PlatformStack } from '../lib/deployment/platform-stack';
import type { MockValue } from '../lib/deployment/stack-dependency';
import { listOutput, type OutputName, stringOutput } from '../lib/deployment/stack-outputs';
import type { SynthTarget } from '../lib/deployment/synth-target';
import { egressRuleProps } from './egress-rule-props';

/** What the security-group stack offers its dependents. */
export const SECURITY_GROUP_OUTPUTS = {
  batch_security_group_id: stringOutput('ID of the security group of the Batch instances and tasks'),
  vpc_id: stringOutput('ID of the VPC the platform runs in'),
  private_subnet_ids: listOutput('IDs of the private subnets the Batch instances and tasks run in'),
};

/** An output of the security-group stack. */
export type SecurityGroupOutput = OutputName<typeof SECURITY_GROUP_OUTPUTS>;

/** What the security-group stack is built from. */
export interface SecurityGroupStackProps {
  /** The environment's validated configuration. */
  readonly environment: EnvironmentConfig;
  /** Where the stack will run. */
  readonly target: SynthTarget;
}

/** The batch security group: no inbound traffic, outbound only where configured. The VPC is owned elsewhere. */
export class SecurityGroupStack extends PlatformStack<typeof SECURITY_GROUP_OUTPUTS> {
  public readonly outputContract = SECURITY_GROUP_OUTPUTS;

  /** Offline stand-ins; the group id cannot be predicted, the network comes from config. */
  public static predictedOutputs(environment: EnvironmentConfig): Record<SecurityGroupOutput, MockValue> {
    return {
      batch_security_group_id: 'sg-00000000000000000',
      vpc_id: environment.settings.network.vpc_id,
      private_subnet_ids: environment.settings.network.private_subnet_ids,
    };
  }

  public constructor(scope: Construct, props: SecurityGroupStackProps) {
    super(scope, { module: 'security-group', ...props });
    const { network } = this.settings;
    const group = new EgressOnlySecurityGroup(this, 'batch_security_group', {
      name: network.batch_security_group.name,
      description: network.batch_security_group.description,
      vpcId: network.vpc_id,
      egress: network.batch_security_group.egress.map(egressRuleProps),
    });
    this.declareOutputs({
      batch_security_group_id: group.group.id,
      vpc_id: network.vpc_id,
      private_subnet_ids: network.private_subnet_ids,
    });
  }
}
