import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runSynth } from '../../lib/synthesis/synth-process';
import { StackWorkspace } from '../../lib/terraform-cli/stack-workspace';
import { terraformEnvironment } from '../../lib/terraform-cli/terraform-cli-config';
import { runTerraform } from '../../lib/terraform-cli/terraform-process';
import { PROJECT_ROOT } from '../support/config-fixture';

jest.setTimeout(180_000);

/** A local state holding prod's core queue, as if it had been applied under `name`. */
function stateWithCoreQueue(name: string): string {
  const url = `https://sqs.eu-west-1.amazonaws.com/222222222222/${name}`;
  return JSON.stringify({
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage: '3f1c0e4e-0000-4000-8000-000000000001',
    outputs: {},
    resources: [
      {
        mode: 'managed',
        type: 'aws_sqs_queue',
        name: 'core_queue',
        provider: 'provider["registry.terraform.io/hashicorp/aws"]',
        instances: [
          { schema_version: 0, attributes: { id: url, url, name, arn: `arn:aws:sqs:eu-west-1:222222222222:${name}` } },
        ],
      },
    ],
  });
}

describe('prevent_destroy in prod: Terraform refuses any plan that would lose the core queue', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'prevent-destroy-'));
  const env = terraformEnvironment(PROJECT_ROOT);
  const stackDir = path.join(outdir, 'stacks', 'prod-sqs');
  const plan = (...args: string[]): ReturnType<typeof runTerraform> =>
    runTerraform(['plan', '-refresh=false', '-lock=false', '-input=false', '-no-color', ...args], {
      cwd: stackDir,
      env,
    });

  beforeAll(async () => {
    runSynth({ projectRoot: PROJECT_ROOT, mode: 'offline', outdir, environments: ['prod'] });
    await new StackWorkspace({ name: 'prod-sqs', directory: stackDir, env }).init();
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('a destroy plan fails', async () => {
    fs.writeFileSync(path.join(stackDir, 'terraform.tfstate'), stateWithCoreQueue('gss-prod-core-queue'));
    const result = await plan('-destroy');
    expect(result.exitCode).toBe(1);
    expect(result.stderr.replace(/\s+/g, ' ')).toContain('Error: Instance cannot be destroyed');
    expect(result.stderr.replace(/\s+/g, ' ')).toContain(
      'Resource aws_sqs_queue.core_queue has lifecycle.prevent_destroy set',
    );
  });

  test('a rename, which replaces the queue, fails the same way', async () => {
    fs.writeFileSync(path.join(stackDir, 'terraform.tfstate'), stateWithCoreQueue('gss-prod-core-queue-v0'));
    const result = await plan();
    expect(result.exitCode).toBe(1);
    expect(result.stderr.replace(/\s+/g, ' ')).toContain(
      'Resource aws_sqs_queue.core_queue has lifecycle.prevent_destroy set',
    );
  });
});
