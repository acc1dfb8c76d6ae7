import { noAdministratorAccess } from '../../../../lib/policy-pack/rules/iam/no-administrator-access';
import { noWildcardActions } from '../../../../lib/policy-pack/rules/iam/no-wildcard-actions';
import { passRoleScoped } from '../../../../lib/policy-pack/rules/iam/pass-role-scoped';
import type { RuleCases } from '../rule-case';

const rolePolicy = (...statements: object[]): { aws_iam_role_policy: Record<string, object> } => ({
  aws_iam_role_policy: {
    p: {
      name: 'least-privilege',
      role: '${aws_iam_role.r.id}',
      policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    },
  },
});
const allow = (action: unknown, resource: unknown = '*'): object => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
});
const document = (...statement: object[]): { aws_iam_policy_document: Record<string, object> } => ({
  aws_iam_policy_document: { doc: { statement } },
});
const attachment = (policyArn: string): { aws_iam_role_policy_attachment: Record<string, object> } => ({
  aws_iam_role_policy_attachment: { a: { role: 'r', policy_arn: policyArn } },
});

export const IAM_CASES: readonly RuleCases[] = [
  {
    rule: noWildcardActions,
    compliant: [
      {
        name: 'named actions, "*" only as a resource where AWS allows nothing narrower',
        resource: rolePolicy(
          allow(['batch:DescribeJobs']),
          allow('batch:SubmitJob', 'arn:aws:batch:eu-west-1:111111111111:job-queue/q'),
        ),
      },
      {
        name: 'a Deny of every action (a guard, not a grant)',
        resource: rolePolicy({
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      },
      {
        name: 'an aws_iam_policy_document with named actions, and a policy referencing it',
        data: document({ actions: ['sqs:SendMessage'], resources: ['${aws_sqs_queue.q.arn}'] }),
        resource: { aws_iam_policy: { p: { name: 'p', policy: '${data.aws_iam_policy_document.doc.json}' } } },
      },
    ],
    noncompliant: [
      { name: 'Action "*"', resource: rolePolicy(allow('*')), attribute: 'policy.Statement[0].Action' },
      {
        name: '"s3:*" in an aws_iam_policy_document',
        data: document({ actions: ['s3:*'], resources: ['arn:aws:s3:::b/*'] }),
        attribute: 'statement[0].Action',
      },
      {
        name: 'NotAction in an Allow',
        resource: rolePolicy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }),
        attribute: 'policy.Statement[0].NotAction',
      },
      {
        name: "a role's inline policy Terraform computes",
        resource: {
          aws_iam_role: {
            r: {
              name: 'r',
              assume_role_policy: '{}',
              inline_policy: [{ name: 'x', policy: '${jsonencode(local.policy)}' }],
            },
          },
        },
        attribute: 'inline_policy[0].policy',
      },
    ],
  },
  {
    rule: noAdministratorAccess,
    compliant: [
      {
        name: 'the AWS Batch service role policy',
        resource: attachment('arn:aws:iam::aws:policy/service-role/AWSBatchServiceRole'),
      },
    ],
    noncompliant: [
      {
        name: 'AdministratorAccess attached',
        resource: attachment('arn:aws:iam::aws:policy/AdministratorAccess'),
        attribute: 'policy_arn',
      },
      {
        name: "AdministratorAccess in a role's managed_policy_arns",
        resource: {
          aws_iam_role: {
            r: {
              name: 'r',
              assume_role_policy: '{}',
              managed_policy_arns: [
                'arn:aws:iam::aws:policy/ReadOnlyAccess',
                'arn:aws:iam::aws:policy/AdministratorAccess',
              ],
            },
          },
        },
        attribute: 'managed_policy_arns[1]',
      },
    ],
  },
  {
    rule: passRoleScoped,
    compliant: [
      {
        name: 'PassRole on the role it passes, by ARN',
        resource: rolePolicy(allow('iam:PassRole', 'arn:aws:iam::111111111111:role/job-role')),
      },
      {
        name: 'PassRole on a role referenced from another resource',
        resource: rolePolicy(allow('iam:PassRole', '${aws_iam_role.job.arn}')),
      },
    ],
    noncompliant: [
      {
        name: 'PassRole on "*"',
        resource: rolePolicy(allow('iam:PassRole', '*')),
        attribute: 'policy.Statement[0].Resource',
      },
      {
        name: 'iam:Pass* on every role of the account',
        resource: rolePolicy(allow('iam:Pass*', 'arn:aws:iam::111111111111:role/*')),
        attribute: 'policy.Statement[0].Resource',
      },
      {
        name: 'PassRole with NotResource',
        data: document({ actions: ['iam:PassRole'], not_resources: ['arn:aws:iam::111111111111:role/admin'] }),
        attribute: 'statement[0].NotResource',
      },
    ],
  },
];
