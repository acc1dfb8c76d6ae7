import { isHclObject } from './hcl-values';
import type { MigrationNotes } from './migration-notes';
import type { TerragruntUnit } from './terragrunt-config';

const RULE_FIELDS = [
  'description',
  'ip_protocol',
  'from_port',
  'to_port',
  'cidr_ipv4',
  'prefix_list_id',
  'referenced_security_group_id',
] as const;

/**
 * terraform-aws-security-group's inputs (name, description, vpc_id, egress_rules) to the network
 * settings. Name and description are kept exactly: AWS cannot change either without replacing
 * the group.
 */
export function translateSecurityGroup(unit: TerragruntUnit, notes: MigrationNotes): Record<string, unknown> {
  const where = `${unit.relativePath}/terragrunt.hcl`;
  const { name, description, vpc_id: vpcId, egress_rules: rules, ingress_rules: ingress } = unit.inputs;
  const network: Record<string, unknown> = {};
  if (typeof vpcId === 'string') network.vpc_id = vpcId;
  else notes.warn(where, 'vpc_id is not a literal input: set network.vpc_id in the environment file by hand');
  const group: Record<string, unknown> = {};
  if (typeof name === 'string') group.name = name;
  else notes.warn(where, 'the security group name is not a literal input; a different name replaces the group');
  if (typeof description === 'string') group.description = description;
  else
    notes.warn(
      where,
      'the security group description is not a literal input; a different description replaces the group',
    );
  if (Array.isArray(ingress) && ingress.length > 0)
    notes.warn(
      where,
      `${ingress.length} ingress rule(s): the batch security group accepts no inbound traffic; they stay in AWS, unmanaged from now on`,
    );
  if (Array.isArray(rules)) {
    group.egress = rules.flatMap((rule, i) => {
      if (!isHclObject(rule)) {
        notes.warn(where, `egress_rules[${i}] is not an object; translate it by hand`);
        return [];
      }
      const out: Record<string, unknown> = {};
      for (const field of RULE_FIELDS) if (rule[field] !== undefined && rule[field] !== null) out[field] = rule[field];
      for (const field of Object.keys(rule).filter(
        (f) => !(RULE_FIELDS as readonly string[]).includes(f) && rule[f] !== null,
      )) {
        notes.warn(where, `egress_rules[${i}].${field} has no equivalent in the egress rule settings`);
      }
      if (out.description === undefined)
        notes.warn(
          where,
          `egress_rules[${i}] has no description; every rule of the stack is described: add one (AWS updates it in place)`,
        );
      return [out];
    });
  } else {
    notes.warn(where, 'no egress_rules input: set network.batch_security_group.egress by hand');
  }
  network.batch_security_group = group;
  return network;
}
