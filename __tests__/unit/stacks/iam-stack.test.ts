import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { type MinimalPlatformFiles, minimalEnvironment } from '../../support/minimal-environment';
import {
  parsed,
  type PolicyStatementJson,
  statementsOf as statementsOfPolicy,
  statementWithSid,
  synthEnvironment,
} from '../../support/synth-helpers';

type Json = Record<string, unknown>;

const MSK_CLUSTER = 'arn:aws:kafka:eu-west-1:111111111111:cluster/mini-msk/6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b-2';

/**
 * Every kind of platform role on the minimal environment: a SPOT compute environment with the
 * platform's Batch service, instance and Spot Fleet roles, a job role for the worker (its bucket,
 * its MSK topic, the core queue) and the hybrid router.
 */
function withEveryRole(files: MinimalPlatformFiles): void {
  const defaults = files['config/defaults.json']!;
  Object.assign(defaults.iam as Json, {
    batch_service_role_name: '{prefix}-batch-service',
    batch_instance_role_name: '{prefix}-instance',
    spot_fleet_role_name: '{prefix}-spot-fleet',
    job_roles: {
      worker_job: {
        name: '{prefix}-worker-job',
        s3: [{ bucket: '{prefix}-data', access: 'read_write' }],
        msk: { cluster_arn: MSK_CLUSTER, topics: ['results'] },
        sqs_send: ['{prefix}-results'],
      },
    },
  });
  const retry = { interval_seconds: 2, max_attempts: 3, backoff_rate: 2 };
  defaults.step_functions = {
    state_machines: {
      hybrid_router: {
        pattern: 'hybrid_router',
        name: '{prefix}-hybrid-router',
        role_name: '{prefix}-router',
        chunk_size_path: '$.chunkSize',
        chunk_size_threshold: 290000,
        lambda_function_arn: 'arn:aws:lambda:{region}:{account_id}:function:{prefix}-chunk-processor',
        job_queue: '{prefix}-queue',
        processing_job_definition: '{prefix}-worker',
        lambda_retry: retry,
        batch_retry: retry,
        logging: { level: 'ERROR', include_execution_data: false, retention_in_days: 30 },
        tracing_enabled: true,
      },
    },
  };
  files['batch-json/compute-environment.json'] = {
    compute_environment_name: '{prefix}-spot',
    type: 'MANAGED',
    compute_resources: { type: 'SPOT', min_vcpus: 0, max_vcpus: 8, instance_types: ['c5'] },
  };
  files['batch-json/job-queue.json']!.compute_environment_order = [{ order: 1, compute_environment: '{prefix}-spot' }];
  files['batch-json/worker-job.json'] = {
    name: '{prefix}-worker',
    container_properties: {
      image: 'public.ecr.aws/docker/library/busybox:1.36',
      resourceRequirements: [
        { type: 'VCPU', value: '1' },
        { type: 'MEMORY', value: '512' },
      ],
      jobRoleArn: '{dependency.iam.job_role_arns.worker_job}',
    },
  };
}

/** The iam stack of the minimal environment with every role and `edit`. */
const iamStack = (edit: (files: MinimalPlatformFiles) => void = () => undefined) =>
  synthEnvironment(
    minimalEnvironment((files) => {
      withEveryRole(files);
      edit(files);
    }),
  ).iam;

const synth = iamStack();
const iam = parsed(synth);
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
      'mini-test-batch-service',
      'mini-test-execution',
      'mini-test-instance',
      'mini-test-router',
      'mini-test-spot-fleet',
      'mini-test-worker-job',
    ]);
    expect(synth).toHaveResourceWithProperties(IamInstanceProfile, { name: 'mini-test-instance' });
    expect(synth).toHaveResourceWithProperties(IamRole, { name: 'mini-test-batch-service' });
  });

  test('each role trusts exactly its service, with aws:SourceAccount where the service sends it', () => {
    const trust = (name: string) => statementsOfPolicy(iam.resource.aws_iam_role[name]?.assume_role_policy)[0];
    expect(trust('batch_service_role').Principal).toEqual({ Service: 'batch.amazonaws.com' });
    expect(trust('batch_instance_role').Principal).toEqual({ Service: 'ec2.amazonaws.com' });
    expect(trust('spot_fleet_role').Principal).toEqual({ Service: 'spotfleet.amazonaws.com' });
    expect(trust('worker_job')).toMatchObject({
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
      'arn:aws:batch:eu-west-1:111111111111:job-definition/mini-test-worker',
      'arn:aws:batch:eu-west-1:111111111111:job-definition/mini-test-worker:*',
      'arn:aws:batch:eu-west-1:111111111111:job-queue/mini-test-queue',
    ]);
    expect(statements.find((s) => s.Sid === 'ManageBatchJobEventsRule')).toMatchObject({
      Resource: 'arn:aws:events:eu-west-1:111111111111:rule/StepFunctionsGetEventsForBatchJobsRule',
    });
    expect(statementWithSid(statements, 'InvokeLambdas').Resource).toContain(
      'arn:aws:lambda:eu-west-1:111111111111:function:mini-test-chunk-processor',
    );
    expect(statements.map((s) => s.Sid)).toEqual(
      expect.arrayContaining(['DeliverExecutionLogs', 'WriteTraces', 'FollowBatchJobs', 'StopBatchJobs']),
    );
  });

  test('the job role reaches its bucket, its MSK topic and the core queue, nothing else', () => {
    const statements = statementsOf('worker_job');
    expect(statements.map((s) => s.Sid)).toEqual([
      'Objects0',
      'ListBucket0',
      'ConnectToKafka',
      'WriteKafkaTopics',
      'SendToQueues',
    ]);
    expect(statementWithSid(statements, 'Objects0').Resource).toBe('arn:aws:s3:::mini-test-data/*');
    expect(statementWithSid(statements, 'WriteKafkaTopics').Resource).toBe(
      'arn:aws:kafka:eu-west-1:111111111111:topic/mini-msk/6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b-2/results',
    );
    expect(statementWithSid(statements, 'SendToQueues').Resource).toBe(
      'arn:aws:sqs:eu-west-1:111111111111:mini-test-results',
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
    const json = iamStack((files) => {
      (files['config/defaults.json']!.iam as Json).execution_role_secret_kms_key_arns = [key];
      Object.assign(files['batch-json/worker-job.json']!.container_properties as Json, {
        executionRoleArn: '{dependency.iam.execution_role_arn}',
        repositoryCredentials: {
          credentialsParameter: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:registry-AbCdEf',
        },
        secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbCdEf' }],
        logConfiguration: {
          logDriver: 'awslogs',
          secretOptions: [{ name: 'token', valueFrom: 'arn:aws:ssm:eu-west-1:111111111111:parameter/log-token' }],
        },
      });
    });
    const statements = statementsOfPolicy(parsed(json).resource.aws_iam_role_policy.execution_role_policy?.policy);
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
  });

  // An account's policy named like an AWS managed one gets its own address.
  test("additional managed policies attach beside the platform's own, each at its own address", () => {
    const own = 'arn:aws:iam::111111111111:policy/team/AmazonSSMManagedInstanceCore';
    const json = iamStack((files) => {
      const settings = files['config/defaults.json']!.iam as { additional_policy_arns?: Json; job_roles: Json };
      settings.additional_policy_arns = {
        batch_instance_role: ['arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore', own],
      };
      (settings.job_roles.worker_job as Json).additional_policy_arns = [
        'arn:aws:iam::111111111111:policy/dynamodb-read',
      ];
    });
    const attachments = parsed(json).resource.aws_iam_role_policy_attachment as Record<
      string,
      { role: string; policy_arn: string }
    >;
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
    expect(byRole('worker_job')).toEqual([
      ['worker_job_managed_111111111111_dynamodb-read', 'arn:aws:iam::111111111111:policy/dynamodb-read'],
    ]);
    // The platform's own attachments keep their addresses.
    expect(Object.keys(attachments)).toEqual(
      expect.arrayContaining(Object.keys(iam.resource.aws_iam_role_policy_attachment)),
    );
  });
});

describe("the execution role's secret grants", () => {
  /** The execution role's statements for the minimal environment with a multi-container job added. */
  const executionStatements = (): readonly PolicyStatementJson[] => {
    const environment = minimalEnvironment((files) => {
      files['batch-json/sidecar-job.json'] = {
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
      };
    });
    const iamJson = parsed(synthEnvironment(environment).iam);
    return statementsOfPolicy(iamJson.resource.aws_iam_role_policy.execution_role_policy?.policy);
  };

  test('none when no job injects a secret', () => {
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
