import { s3Backend } from '../../../../lib/policy-pack/rules/state/s3-backend';
import type { RuleCases } from '../rule-case';

const s3 = (settings: object): { backend: { s3: object } } => ({
  backend: { s3: { bucket: 'state', key: 'dev/batch/terraform.tfstate', region: 'eu-west-1', ...settings } },
});

export const STATE_CASES: readonly RuleCases[] = [
  {
    rule: s3Backend,
    compliant: [
      { name: 'S3, encrypted, S3-native lock', terraform: s3({ encrypt: true, use_lockfile: true }) },
      { name: 'S3, encrypted, DynamoDB lock', terraform: s3({ encrypt: true, dynamodb_table: 'terraform-locks' }) },
      {
        name: 'a local backend in an offline synth (never applied)',
        terraform: { backend: { local: { path: 'terraform.tfstate' } } },
        synthMode: 'offline',
      },
    ],
    noncompliant: [
      {
        name: 'S3 without encryption',
        terraform: s3({ use_lockfile: true }),
        attribute: 'terraform.backend.s3.encrypt',
      },
      { name: 'S3 without a lock', terraform: s3({ encrypt: true }), attribute: 'terraform.backend.s3.use_lockfile' },
      {
        name: 'a local backend in a real synth',
        terraform: { backend: { local: { path: 'terraform.tfstate' } } },
        attribute: 'terraform.backend',
      },
      { name: 'no backend at all', terraform: {}, attribute: 'terraform.backend' },
    ],
  },
];
