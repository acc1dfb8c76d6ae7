import { POLICY_RULES } from '../../../lib/policy-pack/policy-pack';
import { BATCH_CASES } from './cases/batch-cases';
import { EC2_CASES } from './cases/ec2-cases';
import { IAM_CASES } from './cases/iam-cases';
import { LOGS_CASES } from './cases/logs-cases';
import { NETWORK_CASES } from './cases/network-cases';
import { SQS_CASES } from './cases/sqs-cases';
import { STATE_CASES } from './cases/state-cases';
import { STEP_FUNCTIONS_CASES } from './cases/stepfunctions-cases';
import { TAGGING_CASES } from './cases/tagging-cases';
import { violationsOf } from './rule-case';

const ALL_CASES = [
  ...EC2_CASES,
  ...BATCH_CASES,
  ...LOGS_CASES,
  ...SQS_CASES,
  ...IAM_CASES,
  ...NETWORK_CASES,
  ...STEP_FUNCTIONS_CASES,
  ...TAGGING_CASES,
  ...STATE_CASES,
];

test('every rule of the pack has compliant and non-compliant cases', () => {
  const covered = ALL_CASES.filter((c) => c.compliant.length > 0 && c.noncompliant.length > 0)
    .map((c) => c.rule.id)
    .sort();
  expect(covered).toEqual(POLICY_RULES.map((rule) => rule.id).sort());
});

test('every rule has an ID, a one-line reason and a source', () => {
  expect(new Set(POLICY_RULES.map((rule) => rule.id)).size).toBe(POLICY_RULES.length);
  for (const rule of POLICY_RULES) {
    expect(rule.id).toMatch(/^[A-Z0-9]+-\d+$/);
    expect(rule.reason).toMatch(/^\S.{20,200}$/);
    expect(rule.sources.length).toBeGreaterThan(0);
  }
});

test('every source is one a reader can look up: a checkov ID, an AWS Config rule or a documentation URL', () => {
  const citable = /^(CKV2?_AWS_\d+\b|AWS Config |https:\/\/(docs\.aws\.amazon\.com|developer\.hashicorp\.com)\/)/;
  const uncitable = POLICY_RULES.flatMap((rule) => rule.sources.map((source) => `${rule.id}: ${source}`)).filter(
    (entry) => !citable.test(entry.slice(entry.indexOf(': ') + 2)),
  );
  expect(uncitable).toEqual([]);
});

describe.each(ALL_CASES.map((cases) => [`${cases.rule.id} ${cases.rule.name}`, cases] as const))(
  '%s',
  (_title, { rule, compliant, noncompliant }) => {
    test.each(compliant.map((c) => [c.name, c] as const))('Compliance: %s', (_name, c) => {
      expect(violationsOf(rule, c)).toEqual([]);
    });
    test.each(noncompliant.map((c, i) => [`${i + 1}: ${c.name}`, c] as const))('Noncompliance %s', (_name, c) => {
      const violations = violationsOf(rule, c);
      expect(violations.map((v) => v.finding.attribute)).toContain(c.attribute);
      for (const v of violations) {
        expect(v.finding.found).toMatch(/\S/);
        expect(v.finding.allowed).toMatch(/\S/);
      }
    });
  },
);
