import { ofTypes, type PolicyFinding, type ResourceRule } from '../../policy-rule';
import { listOf } from '../../terraform-values';

const ADMINISTRATOR_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;

/** No role, user or group gets the AWS managed AdministratorAccess policy. */
export const noAdministratorAccess: ResourceRule = {
  id: 'IAM-2',
  name: 'no-administrator-access',
  reason: 'AdministratorAccess allows every action on every resource: one leaked credential is the whole account',
  sources: ['CKV_AWS_274'],
  scope: 'resource',
  appliesTo: ofTypes(
    'aws_iam_role_policy_attachment',
    'aws_iam_user_policy_attachment',
    'aws_iam_group_policy_attachment',
    'aws_iam_policy_attachment',
    'aws_iam_role',
    'aws_iam_role_policy_attachments_exclusive',
  ),
  check(resource) {
    const findings: PolicyFinding[] = [];
    const attributes =
      resource.type === 'aws_iam_role'
        ? ['managed_policy_arns']
        : resource.type === 'aws_iam_role_policy_attachments_exclusive'
          ? ['policy_arns']
          : ['policy_arn'];
    for (const attribute of attributes) {
      listOf(resource.values[attribute]).forEach((arn, i) => {
        if (typeof arn === 'string' && ADMINISTRATOR_ACCESS.test(arn)) {
          findings.push({
            attribute: Array.isArray(resource.values[attribute]) ? `${attribute}[${i}]` : attribute,
            found: `"${arn}"`,
            allowed: 'policies that grant what the role needs',
          });
        }
      });
    }
    return findings;
  },
};
