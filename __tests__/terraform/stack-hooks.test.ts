import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { StackHook } from '../../lib/configuration/schemas/hook-schema';
import { runAll, type RunAllReport } from '../../lib/orchestration/run-all';
import { errorMessage } from '../../lib/orchestration/run-report';
import { PROJECT_ROOT } from '../support/config-fixture';
import { shellHook, writeSynthOutput } from '../support/synth-output';

jest.setTimeout(120_000);

// terraform_data is built into Terraform: these runs start no provider, so each costs about a second.
const resources = {
  resource: { terraform_data: { marker: { input: 'a' } } },
  output: { marker: { value: '${terraform_data.marker.output}' } },
};

describe('hooks around real Terraform plans and applies, through run-all', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-hooks-tf-'));
  const outdir = path.join(work, 'cdktf.out');
  const stackDir = (name: string): string => path.join(outdir, 'stacks', name);
  const log: string[] = [];
  let report: RunAllReport;
  beforeAll(async () => {
    const platform = (module: string, hooks: StackHook[]) => ({
      environment: 'test',
      module,
      synth_mode: 'local' as const,
      hooks,
    });
    writeSynthOutput(outdir, {
      'test-guarded': {
        config: resources,
        platform: platform('guarded', [shellHook('policy', 'before', 'echo "2 findings" >&2; exit 3')]),
      },
      'test-downstream': { config: resources, platform: platform('downstream', []), dependencies: ['test-guarded'] },
      'test-checked': {
        config: resources,
        platform: platform('checked', [
          shellHook(
            'inspect',
            'after',
            [
              '"$TG_CTX_TF_PATH" show -json "$PLATFORM_PLAN_FILE" > shown-plan.json',
              'cp "$PLATFORM_PLAN_JSON" saved-plan.json',
              '"$TG_CTX_TF_PATH" output -raw marker > output.txt',
              'echo "inspected $PLATFORM_STACK after $PLATFORM_COMMAND, changes: $PLATFORM_PLAN_HAS_CHANGES"',
            ].join(' && '),
            { commands: ['apply'] },
          ),
        ]),
      },
      'test-broken': {
        config: { output: { broken: { value: '${terraform_data.missing.output}' } } },
        platform: platform('broken', [
          shellHook('report', 'error', 'echo "$PLATFORM_ERROR" > error.txt', {
            on_errors: ['Reference to undeclared resource'],
          }),
          shellHook('unrelated', 'error', 'touch unrelated.txt', { on_errors: ['Error acquiring the state lock'] }),
        ]),
      },
    });
    report = await runAll({
      projectRoot: PROJECT_ROOT,
      command: 'apply',
      filter: { environments: [], include: [], exclude: [] },
      synth: 'skip',
      outdir,
      planDir: path.join(work, 'plans'),
      parallelism: 2,
      failFast: false,
      log: (line) => log.push(line),
    });
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test(
    'a failing before hook stops the apply: no state is written, and the stacks that depend on it are ' + 'skipped',
    () => {
      const outcome = report.outcomes.get('test-guarded')!;
      expect(outcome.status).toBe('failed');
      expect(errorMessage(outcome.status === 'failed' ? outcome.error : undefined)).toBe(
        'test-guarded: hook "policy" (before apply) failed with exit code 3; ' +
          'terraform did not run for apply\nits last ' +
          'line:\n  | 2 findings',
      );
      expect(fs.existsSync(path.join(stackDir('test-guarded'), 'terraform.tfstate'))).toBe(false);
      expect(report.outcomes.get('test-downstream')).toEqual({
        status: 'skipped',
        reason: 'test-guarded did not succeed',
      });
      expect(log).toContain('test-guarded: [policy] 2 findings');
    },
  );

  test(
    "an after hook sees the saved plan of this apply (binary and show -json) and the applied state's outputs, in " +
      "the stack's folder",
    () => {
      expect(report.outcomes.get('test-checked')!.status).toBe('succeeded');
      const shown = JSON.parse(fs.readFileSync(path.join(stackDir('test-checked'), 'shown-plan.json'), 'utf8')) as {
        resource_changes: { address: string; change: { actions: string[] } }[];
      };
      expect(shown.resource_changes.map((c) => [c.address, c.change.actions])).toEqual([
        ['terraform_data.marker', ['create']],
      ]);
      const saved = JSON.parse(fs.readFileSync(path.join(stackDir('test-checked'), 'saved-plan.json'), 'utf8')) as {
        resource_changes: { address: string }[];
      };
      expect(saved.resource_changes.map((c) => c.address)).toEqual(['terraform_data.marker']);
      expect(fs.readFileSync(path.join(stackDir('test-checked'), 'output.txt'), 'utf8')).toBe('a');
      expect(log).toContain('test-checked: [inspect] inspected test-checked after apply, changes: true');
    },
  );

  test("a Terraform failure runs the error hooks whose on_errors match it, with the failure's text", () => {
    expect(report.outcomes.get('test-broken')!.status).toBe('failed');
    expect(fs.readFileSync(path.join(stackDir('test-broken'), 'error.txt'), 'utf8')).toMatch(
      /test-broken: terraform plan failed \(exit 1\):[\s\S]*Reference to undeclared resource/,
    );
    expect(fs.existsSync(path.join(stackDir('test-broken'), 'unrelated.txt'))).toBe(false);
  });
});
