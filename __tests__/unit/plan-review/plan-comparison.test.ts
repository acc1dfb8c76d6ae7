import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  compareWithReviewed,
  describeComparison,
  type FolderPlan,
  readPlanFolder,
} from '../../../lib/plan-review/plan-comparison';
import type { TerraformPlan } from '../../../lib/plan-review/terraform-plan';
import { planOf, resourceChange } from '../../support/plan-fixtures';

const queue = (retention: number, actions: ('create' | 'update' | 'no-op' | 'delete')[] = ['update']) =>
  resourceChange('aws_sqs_queue.core_queue', actions, {
    before: { name: 'gss-dev-core', message_retention_seconds: 345600 },
    after: { name: 'gss-dev-core', message_retention_seconds: retention },
  });
const logGroup = resourceChange('aws_cloudwatch_log_group.jobs', ['create'], {
  after: { name: '/aws/batch/jobs', retention_in_days: 30 },
  after_unknown: { arn: true },
});

const real = (stack: string, plan: TerraformPlan, extra: Partial<FolderPlan> = {}): FolderPlan => ({
  stack,
  plan,
  mockedUpstreams: [],
  offline: false,
  ...extra,
});
const graph = new Map<string, readonly string[]>([
  ['dev-sqs', []],
  ['dev-batch', ['dev-sqs']],
  ['dev-iam', []],
]);

describe("comparing a deploy's plans with the plans reviewed on the pull request", () => {
  test('the same changes, drawn alike, are the same; drift alone is no difference', () => {
    const reviewed = planOf([queue(1209600)]);
    const now = planOf([queue(1209600)], {
      resource_drift: [resourceChange('aws_sqs_queue.core_queue', ['update'], { before: { a: 1 }, after: { a: 2 } })],
    });
    const result = compareWithReviewed({ plans: [real('dev-sqs', reviewed)], dependencies: graph }, [
      real('dev-sqs', now),
    ]);
    expect(result).toEqual({ same: ['dev-sqs'], differences: [], notCompared: [] });
  });

  test('another value, another resource or another output is a difference, named by resource', () => {
    const reviewed = planOf([queue(1209600)]);
    const now = planOf([queue(86400), logGroup], {
      output_changes: { queue_url: { actions: ['update'], before: 'a', after: 'b' } },
    });
    const result = compareWithReviewed({ plans: [real('dev-sqs', reviewed)], dependencies: graph }, [
      real('dev-sqs', now),
    ]);
    expect(result.differences).toEqual([
      { stack: 'dev-sqs', address: 'aws_cloudwatch_log_group.jobs', reviewed: 'nothing', now: 'create' },
      { stack: 'dev-sqs', address: 'aws_sqs_queue.core_queue', reviewed: 'update', now: 'update' },
      { stack: 'dev-sqs', address: 'outputs', reviewed: 'nothing', now: 'change' },
    ]);
    const text = describeComparison(result);
    expect(text).toContain('⛔ **One plan differs from the plans reviewed on the pull request**: nothing is applied.');
    expect(text).toContain('| `dev-sqs` | `aws_sqs_queue.core_queue` | update | update, other values |');
  });

  test('a stack the pull request left unplanned must still change nothing', () => {
    const reviewed = {
      plans: [],
      affected: { affected: [], unchanged: ['dev-iam', 'dev-sqs'] },
      dependencies: graph,
    };
    const result = compareWithReviewed(reviewed, [
      real('dev-iam', planOf([])),
      real('dev-sqs', planOf([queue(86400)])),
    ]);
    expect(result.same).toEqual(['dev-iam']);
    expect(result.differences).toEqual([
      { stack: 'dev-sqs', address: 'aws_sqs_queue.core_queue', reviewed: 'nothing', now: 'update' },
    ]);
  });

  test('provisional reviewed plans are not compared, and say why', () => {
    const result = compareWithReviewed(
      {
        plans: [
          real('dev-iam', planOf([logGroup]), { offline: true }),
          real(
            'dev-sqs',
            planOf([queue(86400)], {
              output_changes: { arn: { actions: ['update'], before: 'arn:1', after: 'arn:2' } },
            }),
          ),
          real('dev-batch', planOf([logGroup])),
        ],
        dependencies: graph,
      },
      [real('dev-iam', planOf([])), real('dev-batch', planOf([]))],
    );
    expect(result.differences).toEqual([]);
    expect(result.notCompared).toEqual([
      { stack: 'dev-iam', reason: 'it was planned offline on the pull request (mock outputs, no state)' },
      {
        stack: 'dev-batch',
        reason: 'it read outputs that the same change alters (dev-sqs), so it could only be planned after them',
      },
    ]);
  });

  test('a plan folder is read with its provenance; a plan without one counts as offline', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-folder-'));
    fs.writeFileSync(path.join(dir, 'dev-sqs.json'), JSON.stringify(planOf([queue(86400)])));
    fs.writeFileSync(path.join(dir, 'dev-iam.json'), JSON.stringify(planOf([])));
    fs.writeFileSync(
      path.join(dir, 'dev-sqs.provenance.json'),
      JSON.stringify({
        stack: 'dev-sqs',
        plan_file: 'dev-sqs.tfplan',
        plan_sha256: 'a'.repeat(64),
        configuration_sha256: 'b'.repeat(64),
        synth_mode: 'real',
        mocked_upstreams: ['dev-iam'],
        destroy: false,
        has_changes: true,
        summary: {
          create: 0,
          update: 1,
          replace: 0,
          destroy: 0,
          move: 0,
          import: 0,
          forget: 0,
          noop: 0,
          drift: 0,
          outputChanges: 0,
        },
      }),
    );
    try {
      expect(readPlanFolder(dir).map((p) => [p.stack, p.offline, p.mockedUpstreams])).toEqual([
        ['dev-iam', true, []],
        ['dev-sqs', false, ['dev-iam']],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
