import { isAnyPrincipal, isWildcardAction, queuePolicyOf } from '../../policy-documents';
import { ofTypes, type PolicyFinding, type ResourceRule } from '../../policy-rule';

/** Queue policies allow named principals named actions: no `*` principal, no `*` or `sqs:*` action. */
export const noPublicQueuePolicy: ResourceRule = {
  id: 'SQS-4',
  name: 'queue-policy-least-privilege',
  reason: 'an Allow for any principal or every action opens the queue to other accounts or to deletion and purge',
  sources: ['CKV_AWS_72', 'CKV_AWS_168'],
  scope: 'resource',
  appliesTo: ofTypes('aws_sqs_queue_policy', 'aws_sqs_queue'),
  check(resource) {
    const policy = queuePolicyOf(resource);
    if (!policy) return [];
    if (policy.unreadable)
      return [
        {
          attribute: policy.attribute,
          found: policy.unreadable,
          allowed: 'a JSON policy document written at synth, so the policy pack can read it',
        },
      ];
    const findings: PolicyFinding[] = [];
    for (const statement of policy.statements ?? []) {
      if (statement.effect !== 'Allow') continue;
      const anyone = statement.principals.filter(isAnyPrincipal);
      if (anyone.length > 0)
        findings.push({
          attribute: `${statement.attribute}.Principal`,
          found: `"${anyone[0]}" in an Allow statement`,
          allowed: 'named principals: a service (with aws:SourceArn) or account and role ARNs',
        });
      const wildcards = statement.actions.filter(isWildcardAction);
      if (wildcards.length > 0)
        findings.push({
          attribute: `${statement.attribute}.Action`,
          found: wildcards.map((a) => `"${a}"`).join(', '),
          allowed: 'named actions, such as "sqs:SendMessage"',
        });
      if (statement.notActions.length > 0)
        findings.push({
          attribute: `${statement.attribute}.NotAction`,
          found: 'NotAction in an Allow statement (everything else is allowed)',
          allowed: 'named actions under Action',
        });
    }
    return findings;
  },
};
