import type { PolicyFinding, StackRule } from '../../policy-rule';
import { booleanOf, rendered } from '../../terraform-values';

/**
 * State lives in S3, encrypted and locked. Terraform state holds every attribute of every
 * resource in clear text, and two applies without a lock corrupt it. An offline synth's local
 * backend is allowed: every resource of an offline stack refuses to apply.
 */
export const s3Backend: StackRule = {
  id: 'STATE-1',
  name: 's3-backend-encrypted-and-locked',
  reason: 'state holds every resource attribute in clear text, and concurrent applies without a lock corrupt it',
  sources: ['https://developer.hashicorp.com/terraform/language/backend/s3 (encrypt, use_lockfile)'],
  scope: 'stack',
  check(stack) {
    const backend = stack.backend;
    if (stack.synthMode === 'offline' && (backend === undefined || backend.type === 'local')) return [];
    if (backend?.type !== 's3') {
      return [
        {
          attribute: 'terraform.backend',
          found: backend ? `a "${backend.type}" backend` : 'no backend (local state)',
          allowed: 'an s3 backend (a local backend only in an offline synth)',
        },
      ];
    }
    const findings: PolicyFinding[] = [];
    if (booleanOf(backend.settings.encrypt) !== true)
      findings.push({
        attribute: 'terraform.backend.s3.encrypt',
        found: rendered(backend.settings.encrypt),
        allowed: 'true',
      });
    const dynamodbTable = backend.settings.dynamodb_table;
    if (
      booleanOf(backend.settings.use_lockfile) !== true &&
      !(typeof dynamodbTable === 'string' && dynamodbTable !== '')
    ) {
      findings.push({
        attribute: 'terraform.backend.s3.use_lockfile',
        found: rendered(backend.settings.use_lockfile),
        allowed: 'true (S3-native locking), or a dynamodb_table',
      });
    }
    return findings;
  },
};
