import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  type StateMachineValidationEndpoint,
  startStateMachineValidationEndpoint,
} from '../../lib/local-aws/state-machine-validation-endpoint';
import { offlineRun } from '../support/offline-run';
import { failures } from '../support/run-all-failures';

jest.setTimeout(20 * 60_000);

// `terraform plan` runs Terraform's validation first and stops on any error `terraform validate`
// reports ("the terraform plan command ... includes an implied validation check", Terraform's
// validate documentation): one run per stack loads the provider's schema once, not twice.
describe(
  'offline: every stack of every environment passes terraform init, validation and plan with the real ' + 'provider',
  () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'offline-plan-'));
    let validation: StateMachineValidationEndpoint;
    const run = offlineRun({ outdir, awsEndpoint: () => validation.endpoint });

    beforeAll(async () => {
      validation = await startStateMachineValidationEndpoint();
    });
    afterAll(async () => {
      await validation?.stop();
      fs.rmSync(outdir, { recursive: true, force: true });
    });

    test(
      'terraform init and plan: every resource is created, nothing replaced or destroyed, every plan ' + 'provisional',
      async () => {
        const report = await run('plan', true);
        expect(failures(report)).toEqual([]);
        expect(report.stacks).toHaveLength(15);
        for (const outcome of report.outcomes.values()) {
          if (outcome.status !== 'succeeded') continue;
          expect(outcome.result.provisional).toBe(true);
          expect(outcome.result.initRan).toBe(true);
          expect(outcome.result.summary).toMatchObject({ update: 0, replace: 0, destroy: 0 });
          expect(outcome.result.summary!.create).toBeGreaterThan(0);
        }
        const creates = Object.fromEntries(
          [...report.outcomes].map(([name, o]) => [name, o.status === 'succeeded' ? o.result.summary!.create : -1]),
        );
        // Four state machines with their log groups, and the pipe with its log group.
        expect(creates['prod-step-function']).toBe(10);
        expect(creates['dev-iam']).toBe(creates['prod-iam']);
      },
    );
  },
);
