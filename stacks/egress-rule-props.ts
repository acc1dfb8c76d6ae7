import type { EgressRuleConfig } from '../lib/configuration/schemas/environment-schema';
import type { EgressRule } from '../lib/constructs/network/egress-only-security-group';

/** An egress rule of the environment's network settings as the security group construct takes it. */
export function egressRuleProps(rule: EgressRuleConfig): EgressRule {
  return {
    description: rule.description,
    ipProtocol: rule.ip_protocol,
    fromPort: rule.from_port,
    toPort: rule.to_port,
    cidrIpv4: rule.cidr_ipv4,
    prefixListId: rule.prefix_list_id,
    referencedSecurityGroupId: rule.referenced_security_group_id,
  };
}
