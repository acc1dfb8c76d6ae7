import { grantsAction, isAnyPrincipal, queuePolicyOf, type StatementView } from '../../policy-documents';
import { ofTypes, type ResourceRule } from '../../policy-rule';
import type { SynthesizedResource } from '../../synthesized-stack';

/** Every queue's policy denies requests not made over TLS. */
export const tlsOnly: ResourceRule = {
  id: 'SQS-3',
  name: 'queue-tls-only',
  reason:
    'SQS accepts plain HTTP unless the queue policy denies it; ' +
    'messages and credentials would cross the network in clear text',
  sources: [
    'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-security-best-practices.html',
  ],
  scope: 'resource',
  appliesTo: ofTypes('aws_sqs_queue'),
  check(queue, { stack }) {
    const policies = [
      queue,
      ...stack.resources.filter((r) => r.type === 'aws_sqs_queue_policy' && targetsQueue(r, queue)),
    ].map(queuePolicyOf);
    if (policies.some((policy) => policy?.statements?.some(deniesInsecureTransport))) return [];
    return [
      {
        attribute: 'policy',
        found: policies.some((p) => p !== undefined)
          ? 'a queue policy without a TLS-only statement'
          : 'no queue policy',
        allowed:
          'a policy (aws_sqs_queue_policy) with Deny, Principal "*", ' +
          'Action "sqs:*", Condition Bool aws:SecureTransport = "false"',
      },
    ];
  },
};

/** Whether an aws_sqs_queue_policy belongs to the queue: by reference, or by a URL ending in the queue's name. */
export function targetsQueue(policy: SynthesizedResource, queue: SynthesizedResource): boolean {
  const url = policy.values.queue_url;
  if (typeof url !== 'string') return false;
  if (url === `\${${queue.address}.url}` || url === `\${${queue.address}.id}`) return true;
  return typeof queue.values.name === 'string' && !url.includes('${') && url.endsWith(`/${queue.values.name}`);
}

function deniesInsecureTransport(statement: StatementView): boolean {
  if (statement.effect !== 'Deny' || !statement.principals.some(isAnyPrincipal)) return false;
  if (
    !grantsAction(statement, 'sqs:SendMessage') ||
    !grantsAction(statement, 'sqs:ReceiveMessage') ||
    !grantsAction(statement, 'sqs:DeleteQueue')
  )
    return false;
  return Object.entries(statement.conditions).some(
    ([operator, keys]) =>
      /^Bool(IfExists)?$/.test(operator) &&
      Object.entries(keys).some(
        ([key, values]) => key.toLowerCase() === 'aws:securetransport' && values.includes('false'),
      ),
  );
}
