import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bootstrapLocalAws } from '../../lib/local-aws/local-aws-bootstrap';
import { type LocalAws, startLocalAws } from '../../lib/local-aws/local-aws-process';
import type { MigrationReport } from '../../lib/migration/migration-report';
import { runAll, type RunAllReport } from '../../lib/orchestration/run-all';
import { terraformEnvironment } from '../../lib/terraform-cli/terraform-cli-config';
import { PROJECT_ROOT } from '../support/config-fixture';
import { type AppliedUnit, applyTerragruntTree, pullState } from '../support/terragrunt-emulator';
import { failures } from '../support/run-all-failures';

jest.setTimeout(20 * 60_000);

const FIXTURE = path.join(PROJECT_ROOT, '__tests__', 'fixtures', 'terragrunt');
const MODULES = ['iam-roles', 'security-group', 'sqs', 'batch', 'step-function'];

interface PlannedChange {
  readonly address: string;
  readonly previous_address?: string;
  readonly mode?: string;
  readonly change: { readonly actions: readonly string[]; readonly importing?: unknown };
}

/** Replaces literal strings in a file of the copied tree. */
function substitute(file: string, pairs: readonly (readonly [string, string])[]): void {
  let text = fs.readFileSync(file, 'utf8');
  for (const [from, to] of pairs) text = text.split(from).join(to);
  fs.writeFileSync(file, text);
}

describe('migration from Terragrunt: the fixture tree applied as Terragrunt would, migrated, then planned by the new stacks', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'migration-e2e-'));
  const live = path.join(work, 'live');
  const stateDir = path.join(work, 'states');
  const out = path.join(work, 'migrated');
  const planDir = path.join(work, 'plans');
  const env = terraformEnvironment(PROJECT_ROOT);
  let localAws: LocalAws;
  let applied: AppliedUnit[];
  let report: MigrationReport;
  let plans: RunAllReport;

  beforeAll(async () => {
    localAws = await startLocalAws({ logFile: path.join(work, 'server.log') });
    // The tree as the account holds it: the account id and the network of the local AWS.
    fs.cpSync(path.join(FIXTURE, 'live'), live, { recursive: true });
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
    const sourceMap = Object.fromEntries(
      MODULES.map((m) => [
        `git::https://github.com/gss-platform/terraform-aws-${m}.git`,
        path.join(FIXTURE, 'modules', m),
      ]),
    );
    applied = await applyTerragruntTree({
      liveRoot: live,
      sourceMap,
      endpoint: localAws.endpoint,
      workDir: path.join(work, 'terragrunt-cache'),
      env: { ...env, AWS_ENDPOINT_URL: localAws.endpoint },
    });
    for (const unit of applied) {
      const file = path.join(stateDir, `${unit.unit.relativePath}.tfstate`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, await pullState(unit, env));
    }
  });
  afterAll(async () => {
    await localAws?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test("Terragrunt's apply wrote every unit's state at its remote_state key", () => {
    expect(applied.map((u) => u.unit.relativePath).sort()).toEqual(
      MODULES.map((m) => `nonprod/eu-west-1/dev/${m}`).sort(),
    );
    for (const unit of applied) expect(Object.keys(unit.outputs).length).toBeGreaterThan(0);
  });

  test('npm run migrate writes config, adoption blocks and a report, and adopts every existing resource', () => {
    const result = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(PROJECT_ROOT, 'scripts', 'migrate.ts'),
        '--terragrunt',
        live,
        '--out',
        out,
        '--state-dir',
        stateDir,
      ],
      { cwd: PROJECT_ROOT, env: process.env, encoding: 'utf8' },
    );
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.status).toBe(0);
    report = JSON.parse(fs.readFileSync(path.join(out, 'migration-report.json'), 'utf8')) as MigrationReport;
    const stacks = report.environments.flatMap((e) => e.stacks);
    expect(stacks.map((s) => s.stack).sort()).toEqual([
      'dev-batch',
      'dev-iam',
      'dev-security-group',
      'dev-sqs',
      'dev-step-function',
    ]);
    // Each stack takes over its unit's state: the same bucket and key.
    for (const stack of stacks)
      expect(stack.state.takesOver).toBe(
        `nonprod/eu-west-1/dev/${stack.module === 'iam' ? 'iam-roles' : stack.module}`,
      );
    expect(report.leftInOldStates).toEqual([]);
    expect(
      stacks.flatMap((s) => s.changes.filter((c) => c.replaces).map((c) => `${s.stack}: ${c.address} ${c.attribute}`)),
    ).toEqual([]);
    expect(report.notes.filter((n) => n.level === 'warning')).toEqual([]);
    const adopted = stacks.reduce((n, s) => n + s.adopted.length, 0);
    const existing = applied.reduce(
      (n, u) =>
        n +
        (
          JSON.parse(fs.readFileSync(path.join(stateDir, `${u.unit.relativePath}.tfstate`), 'utf8')) as {
            resources: { mode: string; instances: unknown[] }[];
          }
        ).resources
          .filter((r) => r.mode === 'managed')
          .reduce((m, r) => m + r.instances.length, 0),
      0,
    );
    const forgotten = stacks.reduce((n, s) => n + s.forgotten.length, 0);
    expect(adopted + forgotten).toBeGreaterThanOrEqual(existing);
    expect(adopted).toBeGreaterThan(0);
    const settings = JSON.parse(fs.readFileSync(path.join(out, 'config', 'environments', 'dev.json'), 'utf8')) as {
      adoption?: Record<string, unknown>;
    };
    expect(Object.keys(settings.adoption ?? {}).sort()).toEqual([
      'batch',
      'iam',
      'security-group',
      'sqs',
      'step-function',
    ]);
  });

  test('the first plan of every migrated stack destroys and replaces nothing, and every change it makes is in the report', async () => {
    expect(report).toBeDefined();
    plans = await runAll({
      projectRoot: PROJECT_ROOT,
      command: 'plan',
      filter: { environments: ['dev'], include: [], exclude: [] },
      synth: {
        mode: 'local',
        localEndpoint: localAws.endpoint,
        localStateDir: path.join(work, 'no-overlay'),
        configRoot: out,
      },
      outdir: path.join(work, 'cdktf.out'),
      planDir,
      parallelism: 2,
      failFast: false,
      awsEndpoint: localAws.endpoint,
      log: () => undefined,
    });
    expect(failures(plans)).toEqual([]);
    const unlisted: string[] = [];
    for (const stack of report.environments.flatMap((e) => e.stacks)) {
      const plan = JSON.parse(fs.readFileSync(path.join(planDir, `${stack.stack}.json`), 'utf8')) as {
        resource_changes?: PlannedChange[];
      };
      const changes = (plan.resource_changes ?? []).filter((c) => c.mode !== 'data');
      const destroyed = changes
        .filter((c) => c.change.actions.includes('delete'))
        .map((c) => `${stack.stack}: ${c.address} ${c.change.actions.join('/')}`);
      expect(destroyed).toEqual([]);
      const adopted = new Set(stack.adopted.map((a) => a.address));
      const changed = new Set(stack.changes.map((c) => c.address));
      const created = new Set(stack.created.map((c) => c.address));
      for (const change of changes) {
        const actions = change.change.actions;
        if (actions.includes('create') && !created.has(change.address))
          unlisted.push(`${stack.stack}: ${change.address} created, not in the report`);
        if (actions.includes('update') && !changed.has(change.address))
          unlisted.push(`${stack.stack}: ${change.address} updated, not in the report`);
        if (
          (change.change.importing !== undefined || (change.previous_address ?? change.address) !== change.address) &&
          !adopted.has(change.address)
        )
          unlisted.push(`${stack.stack}: ${change.address} adopted, not in the report`);
      }
      // Every adopted resource is adopted by this plan or already in place.
      for (const address of adopted) expect(changes.map((c) => c.address)).toContain(address);
    }
    expect(unlisted).toEqual([]);
  });
});
