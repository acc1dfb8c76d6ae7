import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { DryRunPlan } from '../../lib/migration/dry-run';
import { terraformEnvironment } from '../../lib/terraform-cli/terraform-cli-config';
import { PROJECT_ROOT } from '../support/config-fixture';
import { FIXTURE_LIVE, FIXTURE_STATES, migrateForTest } from '../support/migration-fixture';

jest.setTimeout(10 * 60_000);

/**
 * The fast adoption check: the fixture tree migrated from its units' states, then the stacks that
 * adopt without importing planned by the real Terraform against copies of those states, without
 * refreshing (no AWS: nothing is read). Moved and removed blocks must resolve against the real
 * states, and every argument the stacks would write differently must be kept, so the plans
 * change nothing: only what the stacks add is created. The full check, refreshing against the
 * local AWS, applying and planning again, is the extended tier's (migration.test.ts).
 */
describe('adopting the fixture tree: the first plan against copies of its states', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'migration-adoption-'));
  let plans: readonly DryRunPlan[];

  beforeAll(async () => {
    const { report } = await migrateForTest({
      terragruntRoot: FIXTURE_LIVE,
      outDir: path.join(work, 'out'),
      stateDir: FIXTURE_STATES,
      terraformEnv: terraformEnvironment(PROJECT_ROOT),
      // The providers point at an address nothing answers: a plan that reads AWS fails.
      awsEndpoint: 'http://127.0.0.1:9',
      dryRun: { refresh: false, only: ['dev-batch', 'dev-step-function'] },
    });
    expect(report.notes.filter((n) => n.level === 'error')).toEqual([]);
    plans = report.dryRun!.plans;
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test("each plans, and moves its unit's resources to their new addresses", () => {
    expect(plans.map((p) => [p.workspace, p.error])).toEqual([
      ['dev-batch', undefined],
      ['dev-step-function', undefined],
    ]);
    const batch = plans.find((p) => p.workspace === 'dev-batch')!;
    expect(batch.move.map((m) => m.from).sort()).toEqual([
      'aws_batch_job_definition.batch_processing_job',
      'aws_batch_job_definition.batch_validation_job',
      'aws_batch_job_queue.batch_processing_queue',
      'aws_cloudwatch_log_group.this["batch_processing"]',
      'aws_cloudwatch_log_group.this["batch_validation"]',
      'aws_launch_template.batch',
    ]);
  });

  test('nothing is updated, replaced or destroyed: the definition, container properties and template are kept', () => {
    for (const plan of plans) {
      expect([plan.workspace, plan.update, plan.replace, plan.destroy]).toEqual([plan.workspace, [], [], []]);
    }
    // The step-function module's role now belongs to the iam stack: its old state forgets it.
    expect(plans.find((p) => p.workspace === 'dev-step-function')!.forget).toEqual([
      'aws_iam_role.sfn',
      'aws_iam_role_policy.sfn',
    ]);
  });
});
