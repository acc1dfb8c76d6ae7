import { ofTypes, type ResourceRule } from '../../policy-rule';
import { rendered } from '../../terraform-values';

/** Without retention CloudWatch keeps logs, and bills them, forever. */
export const logRetention: ResourceRule = {
  id: 'LOGS-1',
  name: 'log-retention-set',
  reason: 'a log group without retention keeps every log line forever: unbounded cost and data kept past its purpose',
  sources: ['CKV_AWS_66'],
  scope: 'resource',
  appliesTo: ofTypes('aws_cloudwatch_log_group'),
  check(resource) {
    const days = resource.values.retention_in_days;
    // 0 is the provider's way of saying "never expire".
    if (typeof days === 'number' && days > 0) return [];
    return [
      {
        attribute: 'retention_in_days',
        found: rendered(days),
        allowed: 'a number of days CloudWatch Logs accepts (1-3653), not 0 (never expire)',
      },
    ];
  },
};
