import { JobDefinitionSchema } from '../../../lib/configuration/schemas/job-definition-schema';
import { executionRoleProps, platformBatchRoleProps } from '../../../stacks/service-role-props';
import { minimalEnvironment } from '../../support/minimal-environment';

const { settings } = minimalEnvironment((files) => {
  Object.assign(files['config/defaults.json']!.iam as object, {
    path: '/batch/',
    permissions_boundary_arn: 'arn:aws:iam::111111111111:policy/boundary',
    batch_instance_role_name: '{prefix}-instance',
    additional_policy_arns: { batch_instance_role: ['arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'] },
  });
});

/** A job whose one container reads these secrets. */
const jobReading = (...valueFrom: string[]) =>
  JobDefinitionSchema.parse({
    name: 'reader',
    container_properties: {
      image: 'public.ecr.aws/docker/library/busybox:1.36',
      resourceRequirements: [
        { type: 'VCPU', value: '1' },
        { type: 'MEMORY', value: '2048' },
      ],
      executionRoleArn: 'arn:aws:iam::111111111111:role/mini-test-execution',
      secrets: valueFrom.map((arn, i) => ({ name: `SECRET_${i}`, valueFrom: arn })),
    },
  });

describe('service role props', () => {
  test('the instance role: the configured path and boundary, an instance profile, its AWS and own policies', () => {
    expect(platformBatchRoleProps(settings, 'batch_instance_role')).toEqual({
      name: 'mini-test-instance',
      path: '/batch/',
      permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/boundary',
      description: expect.stringContaining('ECS agent'),
      servicePrincipal: 'ec2.amazonaws.com',
      managedPolicyArns: [
        'arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role',
        'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
      ],
      instanceProfile: true,
    });
  });

  test('the execution role reads each injected secret once, in order, and no placeholder', () => {
    const b = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:b-AbCdEf';
    const a = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:a-AbCdEf';
    const props = executionRoleProps(settings, [jobReading(b, a), jobReading(a, '{dependency.sqs.core_queue_url}')]);
    expect(props).toMatchObject({ name: 'mini-test-execution', sourceAccount: '111111111111' });
    expect(props.statements).toEqual([expect.objectContaining({ sid: 'ReadSecrets', resources: [a, b] })]);
    expect(executionRoleProps(settings, [jobReading()]).statements).toEqual([]);
  });
});
