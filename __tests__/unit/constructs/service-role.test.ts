import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { ServiceRole } from '../../../lib/constructs/iam/service-role';
import { synthConstruct } from '../../support/construct-stack';
import { text } from '../../support/synth-helpers';

const role = {
  name: 'batch-instance',
  path: '/',
  description: 'Batch instances',
  servicePrincipal: 'ec2.amazonaws.com',
};

describe('ServiceRole', () => {
  test('trusts the service for the given account only, without a Resource element', () => {
    const { stack } = synthConstruct(
      (scope) => new ServiceRole(scope, 'role', { ...role, sourceAccount: '111111111111' }),
    );
    const [resource] = Object.values(stack.resource.aws_iam_role!);
    expect(JSON.parse(text(resource!.assume_role_policy))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AssumedByService',
          Effect: 'Allow',
          Principal: { Service: 'ec2.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
        },
      ],
    });
  });

  test('an inline policy, managed policies by address, a permissions boundary and an instance profile', () => {
    const { json, stack } = synthConstruct(
      (scope) =>
        new ServiceRole(scope, 'role', {
          ...role,
          permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/boundary',
          managedPolicyArns: [
            'arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role',
            'arn:aws:iam::111111111111:policy/team/extra',
          ],
          statements: [{ sid: 'Logs', actions: ['logs:PutLogEvents'], resources: ['*'] }],
          instanceProfile: true,
        }),
    );
    expect(json).toHaveResourceWithProperties(IamRole, {
      name: 'batch-instance',
      permissions_boundary: 'arn:aws:iam::111111111111:policy/boundary',
    });
    expect(json).toHaveResourceWithProperties(IamRolePolicy, { name: 'least-privilege' });
    expect(json).toHaveResourceWithProperties(IamInstanceProfile, { name: 'batch-instance', path: '/' });
    expect(Object.keys(stack.resource.aws_iam_role_policy_attachment!).sort()).toEqual([
      expect.stringContaining('managed_111111111111_team_extra'),
      expect.stringContaining('managed_AmazonEC2ContainerServiceforEC2Role'),
    ]);
  });

  test('no statements, no inline policy; no boundary unless given', () => {
    const { json, stack } = synthConstruct((scope) => new ServiceRole(scope, 'role', role));
    expect(json).not.toHaveResource(IamRolePolicy);
    expect(json).not.toHaveResource(IamInstanceProfile);
    expect(Object.values(stack.resource.aws_iam_role!)[0]).not.toHaveProperty('permissions_boundary');
  });
});
