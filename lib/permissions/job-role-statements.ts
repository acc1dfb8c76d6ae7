import type { JobRoleConfig } from '../configuration/schemas/environment-schema';
import type { PolicyStatement } from '../constructs/iam/policy-document';
import { type ArnScope, kafkaTopicArn, partitionOf, queueArn } from '../naming/aws-arns';

const S3_READ = ['s3:GetObject'];
const S3_WRITE = ['s3:AbortMultipartUpload', 's3:PutObject'];

/** What a job role's containers may do: its buckets, MSK topics and queues, nothing else. */
export function jobRoleStatements(scope: ArnScope, role: JobRoleConfig, queueKmsKeyArn?: string): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  const partition = partitionOf(scope.region);
  role.s3.forEach((grant, i) => {
    const bucketArn = `arn:${partition}:s3:::${grant.bucket}`;
    const objects = `${bucketArn}/${grant.prefix ?? ''}*`;
    const actions = grant.access === 'read' ? S3_READ : grant.access === 'write' ? S3_WRITE : [...S3_READ, ...S3_WRITE];
    statements.push({ sid: `Objects${i}`, actions, resources: [objects] });
    if (grant.access !== 'write') {
      statements.push({
        sid: `ListBucket${i}`,
        actions: ['s3:ListBucket'],
        resources: [bucketArn],
        ...(grant.prefix ? { conditions: { StringLike: { 's3:prefix': `${grant.prefix}*` } } } : {}),
      });
    }
  });
  if (role.msk) {
    statements.push({
      sid: 'ConnectToKafka',
      actions: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'],
      resources: [role.msk.cluster_arn],
    });
    statements.push({
      sid: 'WriteKafkaTopics',
      actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
      resources: role.msk.topics.map((t) => kafkaTopicArn(role.msk!.cluster_arn, t)),
    });
  }
  if (role.sqs_send.length > 0) {
    statements.push({
      sid: 'SendToQueues',
      actions: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
      resources: role.sqs_send.map((q) => queueArn(scope, q)),
    });
  }
  if (role.sqs_consume.length > 0) {
    statements.push({
      sid: 'ConsumeQueues',
      actions: [
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ReceiveMessage',
      ],
      resources: role.sqs_consume.map((q) => queueArn(scope, q)),
    });
  }
  if (queueKmsKeyArn && (role.sqs_send.length > 0 || role.sqs_consume.length > 0)) {
    statements.push({
      sid: 'UseQueueKey',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [queueKmsKeyArn],
    });
  }
  return statements;
}

/**
 * Read access to the secrets job definitions inject, for the ECS execution role, and decryption
 * with their customer managed keys, only when Secrets Manager or SSM asks (kms:ViaService).
 */
export function secretReadStatements(
  region: string,
  secretArns: readonly string[],
  kmsKeyArns: readonly string[] = [],
): PolicyStatement[] {
  const secrets = secretArns.filter((arn) => arn.includes(':secretsmanager:'));
  const parameters = secretArns.filter((arn) => arn.includes(':ssm:'));
  const services = [...(secrets.length > 0 ? ['secretsmanager'] : []), ...(parameters.length > 0 ? ['ssm'] : [])];
  return [
    ...(secrets.length > 0
      ? [{ sid: 'ReadSecrets', actions: ['secretsmanager:GetSecretValue'], resources: secrets }]
      : []),
    ...(parameters.length > 0
      ? [{ sid: 'ReadParameters', actions: ['ssm:GetParameters'], resources: parameters }]
      : []),
    ...(kmsKeyArns.length > 0 && services.length > 0
      ? [
          {
            sid: 'DecryptSecrets',
            actions: ['kms:Decrypt'],
            resources: [...kmsKeyArns].sort(),
            conditions: {
              StringEquals: { 'kms:ViaService': services.map((service) => `${service}.${region}.amazonaws.com`) },
            },
          },
        ]
      : []),
  ];
}
