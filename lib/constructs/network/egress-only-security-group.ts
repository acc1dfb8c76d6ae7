import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { Construct } from 'constructs';

/** One outbound rule; exactly one destination is set. */
export interface EgressRule {
  /** Why the traffic is allowed. */
  readonly description: string;
  /** tcp, udp, icmp or -1 (all). */
  readonly ipProtocol: string;
  /** First port (none for -1). */
  readonly fromPort?: number;
  /** Last port (none for -1). */
  readonly toPort?: number;
  /** Destination CIDR block. */
  readonly cidrIpv4?: string;
  /** Destination managed prefix list, such as a VPC endpoint's. */
  readonly prefixListId?: string;
  /** Destination security group. */
  readonly referencedSecurityGroupId?: string;
}

/** A security group with no inbound rules and the listed outbound rules only. */
export interface EgressOnlySecurityGroupProps {
  /** Group name. */
  readonly name: string;
  /** What the group protects. */
  readonly description: string;
  /** VPC of the group. */
  readonly vpcId: string;
  /** Outbound rules; Terraform removes AWS's default allow-all egress rule. */
  readonly egress: readonly EgressRule[];
}

/** A security group that accepts no inbound traffic, with one resource per outbound rule. */
export class EgressOnlySecurityGroup extends Construct {
  /** The group. */
  public readonly group: SecurityGroup;

  public constructor(scope: Construct, id: string, props: EgressOnlySecurityGroupProps) {
    super(scope, id);
    this.group = new SecurityGroup(this, 'Resource', {
      name: props.name,
      description: props.description,
      vpcId: props.vpcId,
      revokeRulesOnDelete: true,
      tags: { Name: props.name },
    });
    for (const rule of props.egress) {
      new VpcSecurityGroupEgressRule(this, egressRuleName(rule), {
        securityGroupId: this.group.id,
        description: rule.description,
        ipProtocol: rule.ipProtocol,
        fromPort: rule.fromPort,
        toPort: rule.toPort,
        cidrIpv4: rule.cidrIpv4,
        prefixListId: rule.prefixListId,
        referencedSecurityGroupId: rule.referencedSecurityGroupId,
        tags: { Name: `${props.name}: ${rule.description}`.slice(0, 255) },
      });
    }
  }
}

/** A name from what the rule allows, so reordering the rules never renames them. */
export function egressRuleName(rule: EgressRule): string {
  const protocol = rule.ipProtocol === '-1' ? 'all' : rule.ipProtocol;
  const ports =
    rule.fromPort === undefined
      ? ''
      : rule.fromPort === rule.toPort
        ? `_${rule.fromPort}`
        : `_${rule.fromPort}_${rule.toPort}`;
  const destination = rule.cidrIpv4 ?? rule.prefixListId ?? rule.referencedSecurityGroupId ?? 'none';
  return `egress_${protocol}${ports}_to_${destination}`.replace(/[^A-Za-z0-9_]/g, '_');
}
