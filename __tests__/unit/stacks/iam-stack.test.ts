import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { loadConfiguration } from '../../../main';
import { ConfigFixture } from '../../support/config-fixture';
import {
  parsed,
  type PolicyStatementJson,
  shippedEnvironment,
  statementsOf as statementsOfPolicy,
  statementWithSid,
  synthEnvironment,
} from '../../support/synth-helpers';

const synth = synthEnvironment(shippedEnvironment('dev'));
const iam = parsed(synth.iam);
const policies = (): { role: unknown; statements: readonly PolicyStatementJson[] }[] =>
  Object.values(iam.resource.aws_iam_role_policy).map((p) => ({
    role: p.role,
    statements: statementsOfPolicy(p.policy),
  }));
const statementsOf = (roleTerraformName: string): readonly PolicyStatementJson[] =>
  statementsOfPolicy(iam.resource.aws_iam_role_policy[`${roleTerraformName}_policy`]?.policy);
const asList = (value: string | readonly string[] | undefined): readonly string[] =>
  value === undefined ? [] : typeof value === 'string' ? [value] : value;

describe('iam stack', () => {
  test('creates the platform roles with their names, and an instance profile for the EC2 role', () => {
    const names = Object.values(iam.resource.aws_iam_role)
      .map((r) => r.name)
      .sort();
    expect(names).toEqual([
      'gss-dev-scm-batch-processor-array-sfn-role',
      'gss-dev-scm-batch-processor-batch-instance-role',
      'gss-dev-scm-batch-processor-batch-role',
      'gss-dev-scm-batch-processor-execution-role',
      'gss-dev-scm-batch-processor-group-sfn-role',
      'gss-dev-scm-batch-processor-job-role',
      'gss-dev-scm-batch-processor-pipe-role',
      'gss-dev-scm-batch-processor-schedule-sfn-role',
      'gss-dev-scm-batch-processor-sfn-role',
      'gss-dev-scm-batch-processor-spot-fleet-role',
    ]);
    expect(synth.iam).toHaveResourceWithProperties(IamInstanceProfile, {
      name: 'gss-dev-scm-batch-processor-batch-instance-role',
    });
    expect(synth.iam).toHaveResourceWithProperties(IamRole, { name: 'gss-dev-scm-batch-processor-batch-role' });
  });

  test('each role trusts exactly its service, with aws:SourceAccount where the service sends it', () => {
    const trust = (name: string) => statementsOfPolicy(iam.resource.aws_iam_role[name]?.assume_role_policy)[0];
    expect(trust('batch_service_role').Principal).toEqual({ Service: 'batch.amazonaws.com' });
    expect(trust('batch_instance_role').Principal).toEqual({ Service: 'ec2.amazonaws.com' });
    expect(trust('spot_fleet_role').Principal).toEqual({ Service: 'spotfleet.amazonaws.com' });
    expect(trust('batch_job')).toMatchObject({
      Principal: { Service: 'ecs-tasks.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
    });
    expect(trust('hybrid_router_state_machine_role')).toMatchObject({
      Principal: { Service: 'states.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
    });
  });

  test('no inline policy allows a "*" action or passes roles', () => {
    const actions = policies().flatMap((p) => p.statements.flatMap((s) => asList(s.Action)));
    expect(actions.length).toBeGreaterThan(10);
    expect(actions.filter((a) => a === '*' || a.endsWith(':*'))).toEqual([]);
    expect(actions).not.toContain('iam:PassRole');
  });

  test('the state machine role may submit only its queue and job definitions, and manages the .sync event rule', () => {
    const statements = statementsOf('hybrid_router_state_machine_role');
    const submit = statementWithSid(statements, 'SubmitBatchJobs');
    expect(submit.Action).toBe('batch:SubmitJob');
    expect([...asList(submit.Resource)].sort()).toEqual([
      'arn:aws:batch:eu-west-1:111111111111:job-definition/gss-dev-batch-processing',
      'arn:aws:batch:eu-west-1:111111111111:job-definition/gss-dev-batch-processing:*',
      'arn:aws:batch:eu-west-1:111111111111:job-definition/gss-dev-batch-validation',
      'arn:aws:batch:eu-west-1:111111111111:job-definition/gss-dev-batch-validation:*',
      'arn:aws:batch:eu-west-1:111111111111:job-queue/gss-dev-batch-queue',
    ]);
    expect(statements.find((s) => s.Sid === 'ManageBatchJobEventsRule')).toMatchObject({
      Resource: 'arn:aws:events:eu-west-1:111111111111:rule/StepFunctionsGetEventsForBatchJobsRule',
    });
    expect(statementWithSid(statements, 'InvokeLambdas').Resource).toContain(
      'arn:aws:lambda:eu-west-1:111111111111:function:gss-dev-chunk-processor',
    );
    expect(statements.map((s) => s.Sid)).toEqual(
      expect.arrayContaining(['DeliverExecutionLogs', 'WriteTraces', 'FollowBatchJobs', 'StopBatchJobs']),
    );
  });

  test('the job role reaches its bucket, its MSK topic and the core queue, nothing else', () => {
    const statements = statementsOf('batch_job');
    expect(statements.map((s) => s.Sid)).toEqual([
      'Objects0',
      'ListBucket0',
      'ConnectToKafka',
      'WriteKafkaTopics',
      'SendToQueues',
    ]);
    expect(statementWithSid(statements, 'Objects0').Resource).toBe('arn:aws:s3:::gss-dev-chunks/*');
    expect(statementWithSid(statements, 'WriteKafkaTopics').Resource).toBe(
      'arn:aws:kafka:eu-west-1:111111111111:topic/gss-dev-msk/6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b-2/processed-records',
    );
    expect(statementWithSid(statements, 'SendToQueues').Resource).toBe(
      'arn:aws:sqs:eu-west-1:111111111111:gss-dev-core-queue',
    );
  });

  test('attaches the AWS managed policies the services document', () => {
    const attached = Object.values(iam.resource.aws_iam_role_policy_attachment)
      .map((a) => a.policy_arn)
      .sort();
    expect(attached).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSBatchServiceRole',
      'arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role',
      'arn:aws:iam::aws:policy/service-role/AmazonEC2SpotFleetTaggingRole',
      'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
    ]);
  });

  // ... and decrypts only through those services.
  test('the execution role reads the registry credentials of a job image and every injected secret', () => {
    const key = 'arn:aws:kms:eu-west-1:111111111111:key/0f2e4c1a-1b2c-4d5e-8f90-123456789abc';
    const fixture = ConfigFixture.copy()
      .editJson('config/defaults.json', (d) => {
        d.iam.execution_role_secret_kms_key_arns = [key];
      })
      .editJson('batch-json/batch-processing-job.json', (job) => {
        Object.assign(job.container_properties, {
          executionRoleArn: '{dependency.iam.execution_role_arn}',
          repositoryCredentials: {
            credentialsParameter: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:registry-AbCdEf',
          },
          secrets: [
            { name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbCdEf' },
          ],
          logConfiguration: {
            ...job.container_properties.logConfiguration,
            secretOptions: [{ name: 'token', valueFrom: 'arn:aws:ssm:eu-west-1:111111111111:parameter/log-token' }],
          },
        });
      });
    try {
      const statements = statementsOfPolicy(
        parsed(synthEnvironment(shippedEnvironment('dev', fixture.root)).iam).resource.aws_iam_role_policy
          .execution_role_policy?.policy,
      );
      expect(statements).toEqual([
        expect.objectContaining({
          Sid: 'ReadSecrets',
          Action: 'secretsmanager:GetSecretValue',
          Resource: [
            'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbCdEf',
            'arn:aws:secretsmanager:eu-west-1:111111111111:secret:registry-AbCdEf',
          ],
        }),
        expect.objectContaining({
          Sid: 'ReadParameters',
          Action: 'ssm:GetParameters',
          Resource: 'arn:aws:ssm:eu-west-1:111111111111:parameter/log-token',
        }),
        expect.objectContaining({
          Sid: 'DecryptSecrets',
          Action: 'kms:Decrypt',
          Resource: key,
          Condition: {
            StringEquals: {
              'kms:ViaService': ['secretsmanager.eu-west-1.amazonaws.com', 'ssm.eu-west-1.amazonaws.com'],
            },
          },
        }),
      ]);
    } finally {
      fixture.dispose();
    }
  });

  // An account's policy named like an AWS managed one gets its own address.
  test("additional managed policies attach beside the platform's own, each at its own address", () => {
    const own = 'arn:aws:iam::111111111111:policy/team/AmazonSSMManagedInstanceCore';
    const fixture = ConfigFixture.copy().editJson('config/defaults.json', (d) => {
      d.iam.additional_policy_arns = {
        batch_instance_role: ['arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore', own],
      };
      d.iam.job_roles.batch_job.additional_policy_arns = ['arn:aws:iam::111111111111:policy/dynamodb-read'];
    });
    try {
      const attachments = parsed(synthEnvironment(shippedEnvironment('dev', fixture.root)).iam).resource
        .aws_iam_role_policy_attachment as Record<string, { role: string; policy_arn: string }>;
      const byRole = (role: string) =>
        Object.entries(attachments)
          .filter(([, a]) => a.role.includes(`.${role}.`))
          .map(([address, a]) => [address, a.policy_arn])
          .sort();
      expect(byRole('batch_instance_role')).toEqual([
        ['batch_instance_role_managed_111111111111_team_AmazonSSMManagedInstanceCore', own],
        [
          'batch_instance_role_managed_AmazonEC2ContainerServiceforEC2Role',
          'arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role',
        ],
        [
          'batch_instance_role_managed_AmazonSSMManagedInstanceCore',
          'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
        ],
      ]);
      expect(byRole('batch_job')).toEqual([
        ['batch_job_managed_111111111111_dynamodb-read', 'arn:aws:iam::111111111111:policy/dynamodb-read'],
      ]);
      // The shipped configuration's attachments keep their addresses.
      expect(Object.keys(attachments)).toEqual(
        expect.arrayContaining(Object.keys(iam.resource.aws_iam_role_policy_attachment)),
      );
    } finally {
      fixture.dispose();
    }
  });
});

describe("the execution role's secret grants", () => {
  /** The execution role's statements for the shipped configuration with a multi-container job added. */
  const executionStatements = (): readonly PolicyStatementJson[] => {
    const fixture = ConfigFixture.copy();
    fixture.write(
      'batch-json/sidecar-job.json',
      JSON.stringify({
        name: '{prefix}-sidecar',
        ecs_properties: {
          taskProperties: [
            {
              executionRoleArn: '{dependency.iam.execution_role_arn}',
              containers: [
                {
                  name: 'main',
                  image: 'registry.example.com/app:1',
                  resourceRequirements: [
                    { type: 'VCPU', value: '1' },
                    { type: 'MEMORY', value: '2048' },
                  ],
                  repositoryCredentials: {
                    credentialsParameter: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:registry-AbCdEf',
                  },
                  secrets: [
                    {
                      name: 'DB_PASSWORD',
                      valueFrom: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbCdEf',
                    },
                  ],
                },
                {
                  name: 'shipper',
                  image: 'shipper:1',
                  essential: false,
                  secrets: [{ name: 'UPSTREAM', valueFrom: '{dependency.sqs.core_queue_url}' }],
                  logConfiguration: {
                    logDriver: 'splunk',
                    options: { 'splunk-url': 'https://splunk.example.com' },
                    secretOptions: [
                      { name: 'splunk-token', valueFrom: 'arn:aws:ssm:eu-west-1:111111111111:parameter/splunk/token' },
                    ],
                  },
                },
              ],
            },
          ],
        },
      }),
    );
    try {
      const iamJson = parsed(
        synthEnvironment(loadConfiguration({ root: fixture.root, environments: ['dev'] }).environments[0]!).iam,
      );
      return statementsOfPolicy(iamJson.resource.aws_iam_role_policy.execution_role_policy?.policy);
    } finally {
      fixture.dispose();
    }
  };

  test('none in the shipped configuration, whose jobs inject no secrets', () => {
    expect(iam.resource.aws_iam_role_policy?.execution_role_policy).toBeUndefined();
  });

  // A placeholder valueFrom gets nothing.
  test('every container of an ecs_properties task: its secrets, log secrets and registry credentials', () => {
    expect(executionStatements()).toEqual([
      expect.objectContaining({
        Sid: 'ReadSecrets',
        Action: 'secretsmanager:GetSecretValue',
        Resource: [
          'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbCdEf',
          'arn:aws:secretsmanager:eu-west-1:111111111111:secret:registry-AbCdEf',
        ],
      }),
      expect.objectContaining({
        Sid: 'ReadParameters',
        Action: 'ssm:GetParameters',
        Resource: 'arn:aws:ssm:eu-west-1:111111111111:parameter/splunk/token',
      }),
    ]);
  });
});
