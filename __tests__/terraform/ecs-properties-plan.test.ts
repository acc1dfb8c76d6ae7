import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runSynth } from '../../lib/synthesis/synth-process';
import { StackWorkspace } from '../../lib/terraform-cli/stack-workspace';
import { terraformEnvironment } from '../../lib/terraform-cli/terraform-cli-config';
import { runTerraform } from '../../lib/terraform-cli/terraform-process';
import { ConfigFixture, PROJECT_ROOT } from '../support/config-fixture';

jest.setTimeout(180_000);

const resources = (vcpu: string, memory: string): object[] => [
  { type: 'VCPU', value: vcpu },
  { type: 'MEMORY', value: memory },
];
const logs = (prefix: string): object => ({
  logDriver: 'awslogs',
  options: {
    'awslogs-group': '/aws/batch/{prefix}-batch-processing',
    'awslogs-region': '{region}',
    'awslogs-stream-prefix': prefix,
  },
});

/**
 * An EC2 job of a main container and a proxy it starts after, and a Fargate job whose two
 * containers add up to 1 vCPU and 4096 MiB.
 */
const JOBS = {
  'batch-json/sidecar-job.json': {
    name: '{prefix}-sidecar',
    ecs_properties: {
      taskProperties: [
        {
          taskRoleArn: '{dependency.iam.job_role_arns.batch_job}',
          containers: [
            {
              name: 'main',
              image: 'app:1',
              command: ['sh', '-c', 'serve --upstream ${UPSTREAM}'],
              resourceRequirements: resources('2', '4096'),
              dependsOn: [{ containerName: 'proxy', condition: 'START' }],
              environment: [{ name: 'UPSTREAM', value: 'http://localhost:15001' }],
              logConfiguration: logs('main'),
            },
            {
              name: 'proxy',
              image: 'envoy:1',
              essential: false,
              resourceRequirements: resources('1', '512'),
              linuxParameters: { initProcessEnabled: true },
            },
          ],
        },
      ],
    },
  },
  'batch-json/fargate-sidecar-job.json': {
    name: '{prefix}-fargate-sidecar',
    platform_capabilities: ['FARGATE'],
    ecs_properties: {
      taskProperties: [
        {
          executionRoleArn: '{dependency.iam.execution_role_arn}',
          ephemeralStorage: { sizeInGiB: 30 },
          volumes: [{ name: 'scratch' }],
          containers: [
            {
              name: 'report',
              image: 'report:1',
              resourceRequirements: resources('0.75', '3072'),
              mountPoints: [{ containerPath: '/scratch', sourceVolume: 'scratch' }],
              dependsOn: [{ containerName: 'fetch', condition: 'SUCCESS' }],
              logConfiguration: logs('report'),
            },
            {
              name: 'fetch',
              image: 'fetch:1',
              essential: false,
              resourceRequirements: resources('0.25', '1024'),
              mountPoints: [{ containerPath: '/scratch', sourceVolume: 'scratch' }],
              stopTimeout: 60,
            },
          ],
        },
      ],
    },
  },
};

// The real provider decodes ecs_properties into the AWS SDK's EcsProperties while it validates
// (validJobECSProperties, hashicorp/aws): one offline plan of the batch stack, whose validation
// and diff need no AWS, proves the JSON the platform writes is what the provider takes.
describe("ecs_properties job definitions pass the real provider's validation and plan, offline", () => {
  const fixture = ConfigFixture.copy();
  for (const [file, job] of Object.entries(JOBS)) fixture.write(file, JSON.stringify(job));
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-properties-plan-'));
  const env = terraformEnvironment(PROJECT_ROOT);
  const stackDir = path.join(outdir, 'stacks', 'dev-batch');
  const plan = (): ReturnType<typeof runTerraform> =>
    runTerraform(['plan', '-refresh=false', '-lock=false', '-input=false', '-no-color'], { cwd: stackDir, env });

  beforeAll(async () => {
    runSynth({ projectRoot: PROJECT_ROOT, mode: 'offline', outdir, environments: ['dev'], configRoot: fixture.root });
    await new StackWorkspace({ name: 'dev-batch', directory: stackDir, env }).init();
  });
  afterAll(() => {
    fixture.dispose();
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('both job definitions are planned for creation, with their tasks', async () => {
    const result = await plan();
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('# aws_batch_job_definition.sidecar_job will be created');
    expect(result.stdout).toContain('# aws_batch_job_definition.fargate_sidecar_job will be created');
    expect(result.stdout).toMatch(/ecs_properties\s+= jsonencode\(/);
  });

  test('the provider refuses an ecs_properties value of the wrong type: the plan above checked the JSON', async () => {
    const file = path.join(stackDir, 'cdk.tf.json');
    const stack = JSON.parse(fs.readFileSync(file, 'utf8'));
    const job = stack.resource.aws_batch_job_definition.sidecar_job;
    job.ecs_properties = job.ecs_properties.replace('"essential":false', '"essential":"no"');
    fs.writeFileSync(file, JSON.stringify(stack));
    const result = await plan();
    expect(result.exitCode).toBe(1);
    expect(result.stderr.replace(/\s+/g, ' ')).toContain('AWS Batch Job ecs_properties is invalid');
  });
});
