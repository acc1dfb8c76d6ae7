import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderPlanComment } from '../../lib/plan-review/plan-comment';
import { renderResourceChange } from '../../lib/plan-review/plan-diff';
import { reviewPlans } from '../../lib/plan-review/plan-review';
import { type PlannedChange, plannedChanges } from '../../lib/plan-review/planned-change';
import { parseTerraformPlan } from '../../lib/plan-review/terraform-plan';
import { runTerraform } from '../../lib/terraform-cli/terraform-process';
import { terraformEnvironment } from '../../lib/terraform-cli/terraform-cli-config';
import { PROJECT_ROOT } from '../support/config-fixture';

jest.setTimeout(120_000);

/**
 * How the comment draws a replacement and a resource leaving management, beside what Terraform
 * itself prints for the same saved plan (`terraform show`): built-in terraform_data resources, so
 * no provider starts and nothing leaves the machine.
 */
const replaced = (trigger: string, createFirst: boolean) => ({
  input: 'kept as it is',
  triggers_replace: trigger,
  ...(createFirst ? { lifecycle: [{ create_before_destroy: true }] } : {}),
});

describe('the plan comment draws what Terraform does', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-drawing-'));
  const env = terraformEnvironment(PROJECT_ROOT);
  let terraformText: string;
  let changes: PlannedChange[];
  let comment: string;

  const terraform = async (...args: string[]): Promise<string> => {
    const result = await runTerraform([...args, '-no-color'], { cwd: work, env });
    if (result.exitCode !== 0) throw new Error(`terraform ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  const write = (configuration: Record<string, unknown>): void =>
    fs.writeFileSync(path.join(work, 'main.tf.json'), JSON.stringify(configuration));

  beforeAll(async () => {
    write({
      resource: {
        terraform_data: {
          swapped_in: replaced('one', true),
          torn_down_first: replaced('one', false),
          handed_over: { input: 'stays in AWS' },
        },
      },
    });
    await terraform('init', '-input=false');
    await terraform('apply', '-input=false', '-auto-approve');
    write({
      resource: { terraform_data: { swapped_in: replaced('two', true), torn_down_first: replaced('two', false) } },
      removed: [{ from: 'terraform_data.handed_over', lifecycle: [{ destroy: false }] }],
    });
    await terraform('plan', '-input=false', '-out=drawing.tfplan');
    terraformText = await terraform('show', 'drawing.tfplan');
    const plan = parseTerraformPlan(await terraform('show', '-json', 'drawing.tfplan'), 'drawing.tfplan');
    changes = plannedChanges(plan);
    comment = renderPlanComment(
      reviewPlans([{ name: 'dev-drawing', environment: 'dev', module: 'drawing', dependencies: [], plan }]),
    );
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** The symbol in front of `resource "terraform_data" "<name>" {`. */
  const openingSymbol = (text: string, name: string): string | undefined =>
    new RegExp(`^\\s*(\\S+)\\s+resource "terraform_data" "${name}" \\{$`, 'm').exec(text)?.[1];
  const drawn = (name: string): string => renderResourceChange(changes.find((c) => c.raw.name === name)!);

  test.each([
    ['swapped_in', '+/-'],
    ['torn_down_first', '-/+'],
    ['handed_over', '.'],
  ])('%s opens with %s, as in terraform show', (name, symbol) => {
    expect(openingSymbol(terraformText, name)).toBe(symbol);
    expect(openingSymbol(drawn(name), name)).toBe(symbol);
  });

  test('a resource leaving management is described and shown as Terraform shows it, with no deleted line', () => {
    const ours = drawn('handed_over').split('\n');
    const heading = ours[0]!.replace(/^# /, '');
    expect(terraformText).toContain(`# ${heading}\n`);
    expect(heading).toBe(
      'terraform_data.handed_over will no longer be managed by Terraform, but will not be destroyed',
    );
    // The block's lines, without markers and alignment: the id, then how many attributes are hidden.
    const body = (lines: readonly string[]): string[] =>
      lines
        .slice(lines.findIndex((l) => l.includes('resource "terraform_data" "handed_over"')) + 1)
        .map((l) => l.trim().replace(/\s+=\s+/, ' = '))
        .slice(0, 2);
    expect(body(ours)).toEqual(body(terraformText.split('\n')));
    expect(body(ours)[1]).toBe('# (2 unchanged attributes hidden)');
    expect(ours.filter((l) => l.startsWith('-'))).toEqual([]);
  });

  test('the comment tells in which order each replacement happens', () => {
    expect(comment).toContain('replaces 2 resources (1 destroyed, then created again; 1 created, then destroyed)');
    expect(comment).toMatch(/`terraform_data.swapped_in` \| \*\*replace\*\* \(created, then destroyed\)/);
    expect(comment).toMatch(/`terraform_data.torn_down_first` \| \*\*replace\*\* \|/);
  });
});
