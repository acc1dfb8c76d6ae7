import * as z from 'zod';
import { ec2Id, Ipv4Cidr, Port, WHEN_FIELDS_VALID } from './common-fields';

/** One outbound rule of a security group; exactly one destination. */
const EgressRule = z
  .strictObject({
    description: z.string().min(1).max(255),
    ip_protocol: z.enum(['tcp', 'udp', 'icmp', '-1']),
    from_port: Port.optional(),
    to_port: Port.optional(),
    cidr_ipv4: Ipv4Cidr.optional(),
    prefix_list_id: ec2Id('pl').optional(),
    referenced_security_group_id: ec2Id('sg').optional(),
  })
  .superRefine((rule, ctx) => {
    const destinations = [rule.cidr_ipv4, rule.prefix_list_id, rule.referenced_security_group_id].filter(
      (d) => d !== undefined,
    );
    if (destinations.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        input: rule,
        message: 'exactly one of cidr_ipv4, prefix_list_id, referenced_security_group_id',
      });
    }
    if (rule.ip_protocol === '-1') {
      if (rule.from_port !== undefined || rule.to_port !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['from_port'],
          input: rule.from_port,
          message: 'no ports with ip_protocol "-1" (all traffic)',
        });
    } else if (rule.from_port === undefined || rule.to_port === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [rule.from_port === undefined ? 'from_port' : 'to_port'],
        input: undefined,
        message: `a port: ip_protocol "${rule.ip_protocol}" needs from_port and to_port`,
      });
    } else if (rule.from_port > rule.to_port) {
      ctx.addIssue({
        code: 'custom',
        path: ['to_port'],
        input: rule.to_port,
        message: `a port >= from_port (${rule.from_port})`,
      });
    }
  }, WHEN_FIELDS_VALID);

/** The VPC the platform runs in (owned elsewhere) and the batch security group (owned here). */
export const NetworkSettings = z.strictObject({
  vpc_id: ec2Id('vpc'),
  private_subnet_ids: z.array(ec2Id('subnet')).min(1),
  batch_security_group: z.strictObject({
    name: z.string().min(1).max(255),
    description: z.string().min(1).max(255),
    egress: z
      .array(EgressRule)
      .min(1)
      .superRefine((rules, ctx) => {
        const seen = new Map<string, number>();
        rules.forEach((rule, i) => {
          const key = [
            rule.ip_protocol,
            rule.from_port,
            rule.to_port,
            rule.cidr_ipv4 ?? rule.prefix_list_id ?? rule.referenced_security_group_id,
          ].join(' ');
          const first = seen.get(key);
          if (first !== undefined)
            ctx.addIssue({
              code: 'custom',
              path: [i],
              input: rule,
              message:
                `a rule unlike the others (rule ${first} already allows the same protocol, ports and ` +
                `destination; AWS rejects duplicates)`,
            });
          seen.set(key, i);
        });
      }, WHEN_FIELDS_VALID),
  }),
});

/** One egress rule's validated settings. */
export type EgressRuleConfig = z.infer<typeof EgressRule>;
