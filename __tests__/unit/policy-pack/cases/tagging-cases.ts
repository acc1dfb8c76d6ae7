import { requiredTags } from '../../../../lib/policy-pack/rules/tagging/required-tags';
import type { RuleCases } from '../rule-case';

const queue = (values: object = {}): { aws_sqs_queue: Record<string, object> } => ({
  aws_sqs_queue: { q: { name: 'q', ...values } },
});

export const TAGGING_CASES: readonly RuleCases[] = [
  {
    rule: requiredTags,
    compliant: [
      { name: "every required tag from the provider's default_tags", resource: queue() },
      {
        name: "default tags completed by the resource's own tags",
        providers: [{ region: 'eu-west-1', default_tags: [{ tags: { Project: 'gss' } }] }],
        resource: queue({ tags: { Environment: 'test' } }),
      },
      {
        name: 'a resource type without tags (a queue policy) is not counted',
        providers: [{ region: 'eu-west-1' }],
        resource: {
          aws_sqs_queue_policy: {
            p: { queue_url: 'https://sqs.eu-west-1.amazonaws.com/111111111111/q', policy: '{}' },
          },
        },
      },
    ],
    noncompliant: [
      {
        name: 'a required tag missing',
        providers: [{ region: 'eu-west-1', default_tags: [{ tags: { Project: 'gss' } }] }],
        resource: queue(),
        attribute: 'tags',
      },
      {
        name: 'a required tag blanked by the resource',
        resource: queue({ tags: { Environment: '' } }),
        attribute: 'tags',
      },
      {
        name: 'a resource on an aliased provider without default tags',
        providers: [
          { region: 'eu-west-1', default_tags: [{ tags: { Project: 'gss', Environment: 'test' } }] },
          { alias: 'us', region: 'us-east-1' },
        ],
        resource: queue({ provider: 'aws.us' }),
        attribute: 'tags',
      },
    ],
  },
];
