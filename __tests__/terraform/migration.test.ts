import * as fs from 'fs';
import * as path from 'path';
import { bootstrapLocalAws } from '../../lib/local-aws/local-aws-bootstrap';
import { terraformEnvironment } from '../../lib/terraform-cli/terraform-cli-config';
import { PROJECT_ROOT } from '../support/config-fixture';
import { describeMigrationOf } from '../support/migration-e2e';
import { FIXTURE_LIVE, TERRAGRUNT_FIXTURE } from '../support/migration-fixture';
import { applyTerragruntTree } from '../support/terragrunt-emulator';

jest.setTimeout(90 * 60_000);

const MODULES = ['iam-roles', 'security-group', 'sqs', 'batch', 'step-function'];

/** Replaces literal strings in a file of the copied tree. */
function substitute(file: string, pairs: readonly (readonly [string, string])[]): void {
  let text = fs.readFileSync(file, 'utf8');
  for (const [from, to] of pairs) text = text.split(from).join(to);
  fs.writeFileSync(file, text);
}

describeMigrationOf({
  name: 'the hybrid platform-style fixture tree',
  apply: async (localAws, work) => {
    // The tree as the account holds it: the account id and the network of the local AWS.
    const live = path.join(work, 'live');
    fs.cpSync(FIXTURE_LIVE, live, { recursive: true });
    const network = await bootstrapLocalAws(localAws.endpoint, {
      environment: 'dev',
      region: 'eu-west-1',
      stateBucket: `gss-terraform-state-${localAws.accountId}`,
      stateRegion: 'eu-west-1',
      vpcCidr: '10.10.0.0/16',
      privateSubnetCount: 2,
      notificationBuckets: [],
    });
    substitute(path.join(live, 'nonprod', 'account.hcl'), [['111111111111', localAws.accountId]]);
    substitute(path.join(live, 'nonprod', 'eu-west-1', 'dev', 'env.hcl'), [
      ['vpc-0d1e2f30415263748', network.network.vpc_id],
      ['subnet-0a10000000000d001', network.network.private_subnet_ids[0]!],
      ['subnet-0a10000000000d002', network.network.private_subnet_ids[1]!],
    ]);
    const env = terraformEnvironment(PROJECT_ROOT);
    await applyTerragruntTree({
      liveRoot: live,
      sourceMap: Object.fromEntries(
        MODULES.map((m) => [
          `git::https://github.com/gss-platform/terraform-aws-${m}.git`,
          path.join(TERRAGRUNT_FIXTURE, 'modules', m),
        ]),
      ),
      endpoint: localAws.endpoint,
      workDir: path.join(work, 'terragrunt-cache'),
      env: { ...env, AWS_ENDPOINT_URL: localAws.endpoint },
    });
    return { live, environments: ['dev'] };
  },
});
