/**
 * The policy pack's rules, by ID and in the pack's order: what `policy.enable_rules` and
 * `policy.suppressions` may name. The pack (lib/policy-pack) sits above the configuration, so the
 * IDs are kept here as data; __tests__/unit/policy-pack/rule-ids.test.ts checks that they match
 * the pack's rules.
 */
export const POLICY_RULE_IDS = [
  'EC2-1',
  'EC2-2',
  'EC2-3',
  'EC2-4',
  'EC2-5',
  'BATCH-1',
  'BATCH-2',
  'BATCH-3',
  'LOGS-1',
  'LOGS-2',
  'SQS-1',
  'SQS-2',
  'SQS-3',
  'SQS-4',
  'IAM-1',
  'IAM-2',
  'IAM-3',
  'SG-1',
  'SG-2',
  'SFN-1',
  'SFN-2',
  'TAG-1',
  'STATE-1',
] as const;

/** The rules that run only where `policy.enable_rules` names them. */
export const OPT_IN_POLICY_RULE_IDS = ['LOGS-2'] as const;

/** The address the pack's stack rules report findings on, and suppressions of them name. */
export const POLICY_STACK_ADDRESS = 'terraform.backend';
