import { logGroupKms } from '../../../../lib/policy-pack/rules/logs/log-group-kms';
import { logRetention } from '../../../../lib/policy-pack/rules/logs/log-retention';
import type { RuleCases } from '../rule-case';

const logGroup = (values: object): { aws_cloudwatch_log_group: Record<string, object> } => ({
  aws_cloudwatch_log_group: { logs: { name: '/aws/batch/job', retention_in_days: 30, ...values } },
});

export const LOGS_CASES: readonly RuleCases[] = [
  {
    rule: logRetention,
    compliant: [{ name: '30 days', resource: logGroup({}) }],
    noncompliant: [
      {
        name: 'no retention: kept forever',
        resource: logGroup({ retention_in_days: undefined }),
        attribute: 'retention_in_days',
      },
      {
        name: '0, the provider\'s "never expire"',
        resource: logGroup({ retention_in_days: 0 }),
        attribute: 'retention_in_days',
      },
    ],
  },
  {
    rule: logGroupKms,
    compliant: [
      {
        name: 'a customer managed key',
        resource: logGroup({
          kms_key_id: 'arn:aws:kms:eu-west-1:111111111111:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
        }),
      },
    ],
    noncompliant: [{ name: 'no key', resource: logGroup({}), attribute: 'kms_key_id' }],
  },
];
