import { deadLetterQueue } from '../../../../lib/policy-pack/rules/sqs/dead-letter-queue';
import { noPublicQueuePolicy } from '../../../../lib/policy-pack/rules/sqs/no-public-queue-policy';
import { queueEncrypted } from '../../../../lib/policy-pack/rules/sqs/queue-encrypted';
import { tlsOnly } from '../../../../lib/policy-pack/rules/sqs/tls-only';
import type { RuleCases } from '../rule-case';

const tlsDeny = (resource: string): object => ({
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 'sqs:*',
  Resource: resource,
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});
const policy = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allowS3 = {
  Sid: 'S3Sends',
  Effect: 'Allow',
  Principal: { Service: 's3.amazonaws.com' },
  Action: 'sqs:SendMessage',
  Resource: '${aws_sqs_queue.main.arn}',
  Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:::uploads' } },
};

/** A queue with its dead-letter queue, as QueueWithDeadLetter writes them. */
const queueAndDeadLetter = {
  aws_sqs_queue: {
    main: {
      name: 'main',
      sqs_managed_sse_enabled: true,
      redrive_policy: '{"deadLetterTargetArn":"${aws_sqs_queue.main_dlq.arn}","maxReceiveCount":5}',
    },
    main_dlq: { name: 'main-dlq', sqs_managed_sse_enabled: true },
  },
  aws_sqs_queue_policy: {
    main: { queue_url: '${aws_sqs_queue.main.url}', policy: policy(allowS3, tlsDeny('${aws_sqs_queue.main.arn}')) },
    main_dlq: { queue_url: '${aws_sqs_queue.main_dlq.url}', policy: policy(tlsDeny('${aws_sqs_queue.main_dlq.arn}')) },
  },
};
const lone = (values: object): { aws_sqs_queue: Record<string, object> } => ({
  aws_sqs_queue: { q: { name: 'q', ...values } },
});
const queuePolicy = (text: string): Record<string, Record<string, object>> => ({
  aws_sqs_queue_policy: { q: { queue_url: '${aws_sqs_queue.q.url}', policy: text } },
});

export const SQS_CASES: readonly RuleCases[] = [
  {
    rule: queueEncrypted,
    compliant: [
      { name: 'SQS-managed keys', resource: lone({ sqs_managed_sse_enabled: true }) },
      {
        name: 'a KMS key',
        resource: lone({
          kms_master_key_id: 'arn:aws:kms:eu-west-1:111111111111:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
        }),
      },
    ],
    noncompliant: [
      { name: 'no encryption setting', resource: lone({}), attribute: 'sqs_managed_sse_enabled' },
      {
        name: 'SQS-managed encryption switched off',
        resource: lone({ sqs_managed_sse_enabled: false }),
        attribute: 'sqs_managed_sse_enabled',
      },
    ],
  },
  {
    rule: deadLetterQueue,
    compliant: [
      { name: 'a queue and the dead-letter queue its redrive policy names', resource: queueAndDeadLetter },
      {
        name: 'a dead-letter queue marked by its redrive allow policy',
        resource: {
          aws_sqs_queue: { dlq: { name: 'dlq' } },
          aws_sqs_queue_redrive_allow_policy: {
            dlq: { queue_url: '${aws_sqs_queue.dlq.url}', redrive_allow_policy: '{"redrivePermission":"allowAll"}' },
          },
        },
      },
    ],
    noncompliant: [
      {
        name: 'a queue nothing redrives to or from',
        resource: lone({ sqs_managed_sse_enabled: true }),
        attribute: 'redrive_policy',
      },
      {
        name: 'a redrive policy without a target',
        resource: lone({ redrive_policy: '{"maxReceiveCount":5}' }),
        attribute: 'redrive_policy',
      },
    ],
  },
  {
    rule: tlsOnly,
    compliant: [
      { name: 'queue policies denying non-TLS requests', resource: queueAndDeadLetter },
      { name: "the deny in the queue's own policy argument", resource: lone({ policy: policy(tlsDeny('*')) }) },
    ],
    noncompliant: [
      { name: 'no queue policy', resource: lone({}), attribute: 'policy' },
      {
        name: 'a policy that only allows',
        resource: { ...lone({}), ...queuePolicy(policy({ ...allowS3, Resource: '${aws_sqs_queue.q.arn}' })) },
        attribute: 'policy',
      },
      {
        name: 'the statement written as an Allow',
        resource: { ...lone({}), ...queuePolicy(policy({ ...tlsDeny('*'), Effect: 'Allow' })) },
        attribute: 'policy',
      },
      {
        name: 'a deny conditioned on TLS being used',
        resource: {
          ...lone({}),
          ...queuePolicy(policy({ ...tlsDeny('*'), Condition: { Bool: { 'aws:SecureTransport': 'true' } } })),
        },
        attribute: 'policy',
      },
    ],
  },
  {
    rule: noPublicQueuePolicy,
    compliant: [{ name: 'S3 allowed to send for one bucket; a deny for anyone', resource: queueAndDeadLetter }],
    noncompliant: [
      {
        name: 'an Allow for any principal',
        resource: {
          ...lone({}),
          ...queuePolicy(
            policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sqs:SendMessage', Resource: '*' }),
          ),
        },
        attribute: 'policy.Statement[0].Principal',
      },
      {
        name: 'an Allow of every SQS action',
        resource: {
          ...lone({}),
          ...queuePolicy(
            policy({
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::111111111111:root' },
              Action: ['sqs:*'],
              Resource: '*',
            }),
          ),
        },
        attribute: 'policy.Statement[0].Action',
      },
      {
        name: 'a policy Terraform computes',
        resource: queuePolicy('${data.aws_iam_policy.other.policy}'),
        attribute: 'policy',
      },
    ],
  },
];
