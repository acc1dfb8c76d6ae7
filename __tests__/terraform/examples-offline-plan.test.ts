import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  type StateMachineValidationEndpoint,
  startStateMachineValidationEndpoint,
} from '../../lib/local-aws/state-machine-validation-endpoint';
import { PROJECT_ROOT } from '../support/config-fixture';
import { offlineRun } from '../support/offline-run';
import { failures } from '../support/run-all-failures';

jest.setTimeout(20 * 60_000);

/** Resources each example's batch stack creates: its compute environments, queue, job definition and log group. */
const EXAMPLES = [
  { name: 'fargate-array', batchCreates: 5 },
  { name: 'video-processor', batchCreates: 4 },
] as const;

// One endpoint for both examples: the provider validates each new state machine's definition.
let validation: StateMachineValidationEndpoint;
beforeAll(async () => {
  validation = await startStateMachineValidationEndpoint();
});
afterAll(async () => {
  await validation?.stop();
});

describe.each(EXAMPLES)(
  'examples/$name passes terraform init, validation and plan offline with the real provider',
  ({ name, batchCreates }) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `example-${name}-`));
    const run = offlineRun({
      configRoot: path.join(PROJECT_ROOT, 'examples', name),
      outdir,
      awsEndpoint: () => validation.endpoint,
    });
    afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

    test('terraform init and validate', async () => {
      const report = await run('validate', true);
      expect(failures(report)).toEqual([]);
      expect([...report.stacks].sort()).toEqual([
        'dev-batch',
        'dev-iam',
        'dev-security-group',
        'dev-sqs',
        'dev-step-function',
      ]);
    });

    test('terraform plan: everything created, nothing replaced or destroyed, the batch stack complete', async () => {
      const report = await run('plan', false);
      expect(failures(report)).toEqual([]);
      for (const outcome of report.outcomes.values()) {
        if (outcome.status !== 'succeeded') continue;
        expect(outcome.result.provisional).toBe(true);
        expect(outcome.result.summary).toMatchObject({ update: 0, replace: 0, destroy: 0 });
      }
      const batch = report.outcomes.get('dev-batch')!;
      expect(batch.status === 'succeeded' && batch.result.summary!.create).toBe(batchCreates);
    });
  },
);
