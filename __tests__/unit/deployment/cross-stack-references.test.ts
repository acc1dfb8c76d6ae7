import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { App, TerraformOutput } from 'cdktf';
import { buildEnvironmentStacks } from '../../../main';
import { shippedEnvironment, type TerraformJson } from '../../support/synth-helpers';

/** Synthesizes dev's stacks into `outdir` after `tamper` has changed them, and returns each stack's JSON. */
function synthDev(
  outdir: string,
  tamper: (stacks: ReturnType<typeof buildEnvironmentStacks>) => void,
): Record<string, TerraformJson> {
  const app = new App({ outdir, stackTraces: false });
  const stacks = buildEnvironmentStacks(app, shippedEnvironment('dev'), { mode: 'offline' });
  tamper(stacks);
  app.synth();
  return Object.fromEntries(
    Object.values(stacks).map((stack) => [
      stack.module,
      JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8')),
    ]),
  );
}

// Stacks read each other only through StackDependency (remote state with mock outputs). cdktf's
// automatic cross-stack references (sensitive, hash-named outputs that fail to plan until the
// upstream is applied) are never created: PlatformStack skips the prepare pass that makes them.
describe("a reference to another stack's resource", () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cross-stack-'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('stays a plain reference Terraform refuses as undeclared: no hidden output, no remote state', () => {
    const baseline = synthDev(path.join(outdir, 'baseline'), () => undefined);
    const tampered = synthDev(path.join(outdir, 'tampered'), (stacks) => {
      const role = stacks.iam.node.findAll().find((c): c is IamRole => c instanceof IamRole)!;
      new TerraformOutput(stacks.sqs, 'leaked_role_arn', { value: role.arn });
    });
    expect(tampered.sqs.output.leaked_role_arn.value).toMatch(/^\$\{aws_iam_role\.[a-z_]+\.arn\}$/);
    expect(tampered.sqs.data?.terraform_remote_state).toEqual(baseline.sqs.data?.terraform_remote_state);
    expect(tampered.iam).toEqual(baseline.iam);
  });
});
