import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runStackCommand } from '../../lib/orchestration/stack-command';
import type { SynthesizedStack } from '../../lib/orchestration/synthesized-stacks';
import { summarizePlan } from '../../lib/terraform-cli/plan-summary';
import { StackWorkspace } from '../../lib/terraform-cli/stack-workspace';
import { terraformEnvironment } from '../../lib/terraform-cli/terraform-cli-config';
import { PROJECT_ROOT } from '../support/config-fixture';

jest.setTimeout(120_000);

// terraform_data is built into Terraform: these plans start no provider, so they cost a second, not ten.
const data = (input: string, replaceTrigger = 'one') => ({ input, triggers_replace: replaceTrigger });

/** A stack folder holding `terraform` JSON as cdk.tf.json, with a local state in the folder. */
function stackIn(root: string, name: string): SynthesizedStack {
  const directory = path.join(root, name);
  fs.mkdirSync(directory, { recursive: true });
  return { name, environment: 'test', module: name, synthMode: 'local', directory, dependencies: [], hooks: [] };
}

function write(stack: SynthesizedStack, config: Record<string, unknown>): void {
  fs.writeFileSync(path.join(stack.directory, 'cdk.tf.json'), JSON.stringify(config));
}

describe("a plan's counts and Terraform's verdict, with the real Terraform", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-verdict-'));
  const env = terraformEnvironment(PROJECT_ROOT);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('the event stream and the saved plan count every kind of change alike, forgotten ones included', async () => {
    const stack = stackIn(work, 'kinds');
    write(stack, {
      resource: {
        terraform_data: {
          kept: data('a'),
          updated: data('a'),
          replaced: data('a'),
          destroyed: data('a'),
          forgotten: data('a'),
          old_name: data('a'),
        },
      },
    });
    expect((await runStackCommand(stack, 'apply', { env })).summary).toMatchObject({ create: 6 });

    write(stack, {
      resource: {
        terraform_data: {
          kept: data('a'),
          updated: data('b'),
          replaced: data('a', 'two'),
          created: data('a'),
          new_name: data('a'),
        },
      },
      moved: [{ from: 'terraform_data.old_name', to: 'terraform_data.new_name' }],
      removed: [{ from: 'terraform_data.forgotten', lifecycle: [{ destroy: false }] }],
    });
    const plan = await new StackWorkspace({ name: stack.name, directory: stack.directory, env }).plan({
      out: 'p.tfplan',
      showJson: true,
    });
    const expected = {
      create: 1,
      update: 1,
      replace: 1,
      destroy: 1,
      forget: 1,
      move: 1,
      import: 0,
      drift: 0,
      outputChanges: 0,
    };
    expect(plan.summary).toEqual({ ...expected, noop: 0 });
    // The saved plan also lists the unchanged resource; a moved one counts as moved, not as unchanged.
    expect(summarizePlan(plan.json!)).toEqual({ ...expected, noop: 1 });
    expect(plan.hasChanges).toBe(true);
  });

  test('a plan that only forgets a resource is applied: the state lets go of it, the object stays', async () => {
    const stack = stackIn(work, 'forget');
    write(stack, { resource: { terraform_data: { kept: data('a'), forgotten: data('a') } } });
    await runStackCommand(stack, 'apply', { env });
    write(stack, {
      resource: { terraform_data: { kept: data('a') } },
      removed: [{ from: 'terraform_data.forgotten', lifecycle: [{ destroy: false }] }],
    });

    const result = await runStackCommand(stack, 'apply', { env });
    expect(result.summary).toMatchObject({ create: 0, update: 0, replace: 0, destroy: 0, forget: 1 });
    expect(result.hasChanges).toBe(true);
    const state = JSON.parse(fs.readFileSync(path.join(stack.directory, 'terraform.tfstate'), 'utf8')) as {
      resources: { name: string }[];
    };
    expect(state.resources.map((r) => r.name)).toEqual(['kept']);

    const again = await runStackCommand(stack, 'apply', { env });
    expect(again.hasChanges).toBe(false);
  });

  test('a plan that only changes an output is applied, and then there is nothing left to apply', async () => {
    const stack = stackIn(work, 'outputs');
    write(stack, { resource: { terraform_data: { kept: data('a') } }, output: { version: { value: '1' } } });
    await runStackCommand(stack, 'apply', { env });
    write(stack, { resource: { terraform_data: { kept: data('a') } }, output: { version: { value: '2' } } });

    const result = await runStackCommand(stack, 'apply', { env });
    expect(result.summary).toMatchObject({ create: 0, update: 0, replace: 0, destroy: 0, forget: 0, outputChanges: 1 });
    expect(result.hasChanges).toBe(true);
    expect(await new StackWorkspace({ name: stack.name, directory: stack.directory, env }).outputs()).toMatchObject({
      version: { value: '2' },
    });
    expect((await runStackCommand(stack, 'plan', { env })).hasChanges).toBe(false);
  });
});
