import { ofTypes, type ResourceRule } from '../../policy-rule';
import { booleanOf, rendered } from '../../terraform-values';

/** Messages are encrypted at rest: SQS-managed keys (SSE-SQS) or a KMS key (SSE-KMS). */
export const queueEncrypted: ResourceRule = {
  id: 'SQS-1',
  name: 'queue-encrypted',
  reason: 'messages carry job data; server-side encryption keeps it encrypted at rest',
  sources: ['CKV_AWS_27'],
  scope: 'resource',
  appliesTo: ofTypes('aws_sqs_queue'),
  check(resource) {
    const { sqs_managed_sse_enabled: managed, kms_master_key_id: key } = resource.values;
    if (booleanOf(managed) === true || (typeof key === 'string' && key.length > 0)) return [];
    return [
      { attribute: 'sqs_managed_sse_enabled', found: rendered(managed), allowed: 'true, or a kms_master_key_id' },
    ];
  },
};
