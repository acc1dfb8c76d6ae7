import { whereIs } from './derive-iam';
import type { MigrationNotes } from './migration-notes';
import { firstBlock, type RecognisedResource } from './resource-roles';

/** One outbound rule of an existing security group, however the state records it. */
export interface ExistingEgressRule {
  /** The resource it comes from. */
  readonly resource: RecognisedResource;
  /** The rule in the network settings' format. */
  readonly rule: Record<string, unknown>;
  /** The AWS rule id (`sgr-...`) to import it by, when the state records it. */
  readonly ruleId?: string;
}

/** Protocol numbers the EC2 API also accepts, as the names the settings take. */
const PROTOCOLS: Readonly<Record<string, string>> = { '6': 'tcp', '17': 'udp', '1': 'icmp', all: '-1', '-1': '-1' };

/**
 * The outbound rules of the batch security group, one per destination: separate rule resources
 * (aws_vpc_security_group_egress_rule, aws_security_group_rule with type egress, one per CIDR,
 * prefix list or group) and rules written inline in the group.
 */
export function egressRulesOf(resources: readonly RecognisedResource[]): ExistingEgressRule[] {
  const out: ExistingEgressRule[] = [];
  for (const r of resources.filter((x) => x.role === 'egress-rule' || x.role === 'batch-security-group')) {
    const a = r.instance.attributes;
    if (r.instance.type === 'aws_vpc_security_group_egress_rule') {
      out.push({
        resource: r,
        rule: ruleOf(a.ip_protocol, a.from_port, a.to_port, a.description, {
          cidr_ipv4: a.cidr_ipv4,
          prefix_list_id: a.prefix_list_id,
          referenced_security_group_id: a.referenced_security_group_id,
        }),
        ...(typeof a.security_group_rule_id === 'string' ? { ruleId: a.security_group_rule_id } : {}),
      });
    } else if (r.instance.type === 'aws_security_group_rule') {
      const destinations = destinationsOf(a);
      for (const destination of destinations)
        out.push({
          resource: r,
          rule: ruleOf(a.protocol, a.from_port, a.to_port, a.description, destination),
          ...(destinations.length === 1 && typeof a.security_group_rule_id === 'string' && a.security_group_rule_id
            ? { ruleId: a.security_group_rule_id }
            : {}),
        });
    } else if (r.instance.type === 'aws_security_group' && hasInlineRules(r, resources)) {
      for (const block of (a.egress as Record<string, unknown>[] | undefined) ?? [])
        for (const destination of destinationsOf(block))
          out.push({
            resource: r,
            rule: ruleOf(block.protocol, block.from_port, block.to_port, block.description, destination),
          });
    }
  }
  return out;
}

/** A group's inline egress blocks are its rules only when no separate rule resource manages them. */
function hasInlineRules(group: RecognisedResource, resources: readonly RecognisedResource[]): boolean {
  const id = group.instance.attributes.id;
  return !resources.some(
    (r) =>
      (r.instance.type === 'aws_vpc_security_group_egress_rule' ||
        (r.instance.type === 'aws_security_group_rule' && r.instance.attributes.type === 'egress')) &&
      r.instance.attributes.security_group_id === id,
  );
}

function destinationsOf(a: Readonly<Record<string, unknown>>): Record<string, unknown>[] {
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return [
    ...list(a.cidr_blocks).map((cidr) => ({ cidr_ipv4: cidr })),
    ...list(a.prefix_list_ids).map((id) => ({ prefix_list_id: id })),
    ...list(a.security_groups).map((id) => ({ referenced_security_group_id: id })),
    ...(typeof a.source_security_group_id === 'string' && a.source_security_group_id
      ? [{ referenced_security_group_id: a.source_security_group_id }]
      : []),
    ...(a.self === true ? [{ referenced_security_group_id: a.security_group_id }] : []),
  ];
}

function ruleOf(
  protocol: unknown,
  from: unknown,
  to: unknown,
  description: unknown,
  destination: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const ipProtocol = PROTOCOLS[String(protocol)] ?? String(protocol);
  const rule: Record<string, unknown> = {
    ...(typeof description === 'string' && description !== '' ? { description } : {}),
    ip_protocol: ipProtocol,
  };
  if (ipProtocol !== '-1') {
    if (typeof from === 'number') rule.from_port = from;
    if (typeof to === 'number') rule.to_port = to;
  }
  for (const [key, value] of Object.entries(destination))
    if (typeof value === 'string' && value !== '') rule[key] = value;
  return rule;
}

/**
 * The network settings from the batch security group (name, description and VPC kept exactly:
 * AWS cannot change them without replacing it) and its outbound rules, and from the subnets the
 * compute environments run in.
 */
export function deriveNetwork(
  resources: readonly RecognisedResource[],
  notes: MigrationNotes,
): Record<string, unknown> {
  const network: Record<string, unknown> = {};
  const groups = resources.filter((r) => r.role === 'batch-security-group');
  for (const extra of groups.slice(1))
    notes.warn(
      whereIs(extra),
      `a second security group of the compute environments (${String(extra.instance.attributes.name)}); the ` +
        `security-group stack has one: it stays in AWS, no longer managed, and the compute environment keeps using it`,
    );
  const group = groups[0];
  if (group) {
    const a = group.instance.attributes;
    network.vpc_id = a.vpc_id;
    const egress = egressRulesOf(resources.filter((r) => r.role !== 'batch-security-group' || r === group)).map(
      (e) => e.rule,
    );
    network.batch_security_group = {
      name: a.name,
      description: a.description,
      egress: egress.map((rule) => ({ description: rule.description ?? '', ...rule })),
    };
    if (egress.some((rule) => rule.description === undefined))
      notes.info(
        whereIs(group),
        'outbound rules without a description: the settings require one, so the rule keeps its empty description as ' +
          'adopted (see the keep settings)',
      );
  }
  const subnets = resources
    .filter((r) => r.role === 'compute-environment')
    .map((r) => firstBlock(r.instance.attributes.compute_resources)?.subnets)
    .find((s): s is string[] => Array.isArray(s) && s.length > 0);
  if (subnets) network.private_subnet_ids = [...subnets].sort();
  return network;
}
