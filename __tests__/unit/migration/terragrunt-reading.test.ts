import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MigrationNotes } from '../../../lib/migration/migration-notes';
import { TerragruntReader } from '../../../lib/migration/terragrunt-config';
import { translateHooks } from '../../../lib/migration/translate-hooks';
import { groupUnits } from '../../../lib/migration/terragrunt-tree';
import { FIXTURE_LIVE as LIVE } from '../../support/migration-fixture';

describe('reading the fixture Terragrunt tree', () => {
  let units: Awaited<ReturnType<TerragruntReader['units']>>;
  beforeAll(async () => {
    units = await new TerragruntReader(LIVE).units();
  });

  test('finds one unit per module, with remote_state keys from path_relative_to_include()', () => {
    expect(units.map((u) => u.relativePath)).toEqual(
      ['batch', 'iam-roles', 'security-group', 'sqs', 'step-function'].map((m) => `nonprod/eu-west-1/dev/${m}`),
    );
    for (const unit of units) {
      expect(unit.remoteState?.backend).toBe('s3');
      expect(unit.remoteState?.config).toMatchObject({
        bucket: 'gss-terraform-state-111111111111',
        key: `${unit.relativePath}/terraform.tfstate`,
        region: 'eu-west-1',
      });
    }
  });

  test('evaluates sources through modules.hcl and version.hcl, and dependency outputs as references', () => {
    const batch = units.find((u) => u.relativePath.endsWith('/batch'))!;
    expect(batch.source).toMatch(/^git::https:\/\/github\.com\/gss-platform\/terraform-aws-batch\.git\?ref=v\d/);
    expect(Object.keys(batch.dependencies).sort()).toEqual(['iam', 'security_group', 'sqs']);
    expect(String(batch.inputs.service_role_arn)).toBe('dependency.iam.outputs.batch_service_role_arn');
    expect(batch.inputs.max_vcpus).toBe(64);
    expect(batch.inputs.name_prefix).toBe('gss-dev');
  });
});

describe('Terragrunt hooks and extra_arguments', () => {
  let work: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-hooks-'));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** A copy of the fixture tree whose root and batch unit get these terraform blocks instead of the fixture's hooks. */
  async function treeWith(
    name: string,
    rootTerraform: string,
    batchTerraform = '',
  ): Promise<{ live: string; units: Awaited<ReturnType<TerragruntReader['units']>> }> {
    const live = path.join(work, name);
    fs.cpSync(LIVE, live, { recursive: true });
    const rootFile = path.join(live, 'terragrunt.hcl');
    fs.writeFileSync(
      rootFile,
      fs.readFileSync(rootFile, 'utf8').replace(/terraform \{[\s\S]*?\n\}\n/, `terraform {\n${rootTerraform}\n}\n`),
    );
    const batchFile = path.join(live, 'nonprod/eu-west-1/dev/batch/terragrunt.hcl');
    fs.writeFileSync(
      batchFile,
      fs
        .readFileSync(batchFile, 'utf8')
        .replace(/\n {2}after_hook "smoke_test" \{[\s\S]*?\n {2}\}\n/, `\n${batchTerraform}\n`),
    );
    return { live, units: await new TerragruntReader(live).units() };
  }

  function translated(units: Awaited<ReturnType<TerragruntReader['units']>>): {
    hooks: Record<string, unknown>;
    notes: MigrationNotes;
  } {
    const notes = new MigrationNotes();
    // Each stack takes over the unit of its module here: the units are named after the modules, iam-roles aside.
    const byModule = Object.fromEntries(
      groupUnits(units)[0]!.units.map((u) => {
        const folder = path.basename(u.dir);
        return [folder === 'iam-roles' ? 'iam' : folder, u];
      }),
    );
    return { hooks: translateHooks(byModule, notes), notes };
  }

  test(
    "hooks run in the order the files declare them (hcl2json sorts labels); a unit's block replaces the root's of " +
      'the same label in place',
    async () => {
      const { units } = await treeWith(
        'order',
        [
          '  before_hook "zeta" {\n    commands = ["plan"]\n    execute  = ["echo", "zeta"]\n  }',
          '  before_hook "alpha" {\n    commands = ["plan"]\n    execute  = ["echo", "alpha"]\n  }',
        ].join('\n'),
        '  before_hook "zeta" {\n    commands = ["plan", "apply"]\n    execute  = ["echo", "batch zeta"]\n  }\n  ' +
          'after_hook "last" {\n    commands = ["apply"]\n    execute  = ["echo", "last"]\n  }',
      );
      const batch = units.find((u) => u.relativePath.endsWith('/batch'))!;
      expect(batch.hooks.map((h) => `${h.block} ${h.name} ${h.file}`)).toEqual([
        'before_hook zeta nonprod/eu-west-1/dev/batch/terragrunt.hcl',
        'before_hook alpha terragrunt.hcl',
        'after_hook last nonprod/eu-west-1/dev/batch/terragrunt.hcl',
      ]);
      const { hooks, notes } = translated(units);
      expect(hooks).toEqual({
        zeta: {
          when: 'before',
          commands: ['plan'],
          execute: ['echo', 'zeta'],
          modules: ['iam', 'security-group', 'sqs', 'step-function'],
        },
        alpha: { when: 'before', commands: ['plan'], execute: ['echo', 'alpha'] },
        'zeta-batch': {
          when: 'before',
          commands: ['plan', 'apply'],
          execute: ['echo', 'batch zeta'],
          modules: ['batch'],
        },
        last: { when: 'after', commands: ['apply'], execute: ['echo', 'last'], modules: ['batch'] },
      });
      // The batch stack's before hooks now run alpha before zeta-batch, unlike its unit: said, not silently changed.
      expect(notes.warnings.map((w) => `${w.where}: ${w.message}`)).toEqual([
        'nonprod/eu-west-1/dev/batch/terragrunt.hcl: its before hooks run in the order zeta-batch, alpha, which ' +
          'differs from another unit\'s: the migrated hooks run in the order alpha, zeta-batch; reorder "hooks" by ' +
          'hand if it matters',
      ]);
    },
  );

  test('what has no equivalent is a warning naming the file, never dropped silently', async () => {
    const { units } = await treeWith(
      'untranslatable',
      [
        '  extra_arguments "retry_lock" {\n    commands  = get_terraform_commands_that_need_locking()\n    arguments ' +
          '= ["-lock-timeout=20m"]\n  }',
        '  before_hook "locking" {\n    commands = get_terraform_commands_that_need_locking()\n    execute  = ' +
          '["echo", "locking"]\n  }',
        '  before_hook "init_only" {\n    commands = ["init", "init-from-module"]\n    execute  = ["echo", "init"]\n ' +
          ' }',
        '  before_hook "conditional" {\n    commands = ["plan"]\n    execute  = ["echo", "maybe"]\n    if       = ' +
          'run_cmd("./enabled.sh") == "yes"\n  }',
        '  before_hook "prod_only" {\n    commands = ["plan"]\n    execute  = ["echo", "prod"]\n    if       = ' +
          'local.environment == "prod"\n  }',
        '  before_hook "dynamic" {\n    commands = ["plan"]\n    execute  = ["echo", run_cmd("whoami")]\n  }',
        '  before_hook "lint" {\n    commands = ["plan"]\n    execute  = ["tflint"]\n  }',
        '  after_hook "elsewhere" {\n    commands     = ["apply"]\n    execute      = ["./smoke.sh"]\n    ' +
          'working_dir  = get_terragrunt_dir()\n    run_on_error = true\n    suppress_stdout = true\n  }',
        '  error_hook "notify" {\n    commands  = ["apply"]\n    execute   = ["echo", "failed"]\n    on_errors = ' +
          '["(?i)access denied", "Error acquiring the state lock"]\n  }',
        '  error_hook "go_only" {\n    commands  = ["apply"]\n    execute   = ["echo", "failed"]\n    on_errors = ' +
          '["(?i)denied"]\n  }',
      ].join('\n'),
    );
    const { hooks, notes } = translated(units);
    expect(hooks).toEqual({
      locking: { when: 'before', commands: ['apply', 'destroy', 'plan'], execute: ['echo', 'locking'] },
      lint: { when: 'before', commands: ['plan'], execute: ['tflint'] },
      elsewhere: { when: 'after', commands: ['apply'], execute: ['./smoke.sh'], run_on_error: true },
      notify: {
        when: 'error',
        commands: ['apply'],
        execute: ['echo', 'failed'],
        on_errors: ['Error acquiring the state lock'],
      },
    });
    const warnings = notes.warnings.map((w) => `${w.where}: ${w.message}`);
    // The root file is read by every unit; each warning is said once.
    expect(warnings).toEqual([
      expect.stringMatching(/^terragrunt\.hcl: extra_arguments "retry_lock": not translated: .*TF_CLI_ARGS_<command>/),
      'terragrunt.hcl: before_hook "locking": import, refresh, taint, untaint have no run-all equivalent (its ' +
        'commands are plan, apply, destroy, validate, output; terraform init runs as part of each): the hook runs ' +
        'for apply, destroy, plan only',
      'terragrunt.hcl: before_hook "init_only": init, init-from-module have no run-all equivalent (its commands are ' +
        'plan, apply, destroy, validate, output; terraform init runs as part of each): not translated',
      expect.stringMatching(
        new RegExp(
          String.raw`^terragrunt\.hcl: before_hook "conditional": its if \(.*run_cmd.*\) has no equivalent ` +
            String.raw`\(a hook runs whenever its commands do\): not translated`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          String.raw`^terragrunt\.hcl: before_hook "dynamic": execute holds a value that could not be evaluated ` +
            String.raw`\(.*run_cmd.*\): not translated; write the command under "hooks" by hand$`,
        ),
      ),
      'terragrunt.hcl: before_hook "lint": Terragrunt runs tflint itself (tflint --init, the unit\'s inputs as ' +
        "variables); run-all runs the tflint program as it is, in the stack's folder of cdktf.out: check that it " +
        'finds its .tflint.hcl',
      'terragrunt.hcl: after_hook "elsewhere": working_dir has no equivalent: the hook runs in the stack\'s folder ' +
        'of cdktf.out, where Terraform runs (as Terragrunt\'s default, the module\'s folder, did); "working_dir": ' +
        '"project" runs it in the project root',
      'terragrunt.hcl: after_hook "elsewhere": suppress_stdout has no equivalent: run-all logs the hook\'s output',
      'terragrunt.hcl: error_hook "notify": the on_errors pattern "(?i)access denied" is no JavaScript regular ' +
        "expression (Terragrunt's are Go's; inline flags such as (?i) have no equivalent): left out",
      'terragrunt.hcl: error_hook "go_only": the on_errors pattern "(?i)denied" is no JavaScript regular expression ' +
        "(Terragrunt's are Go's; inline flags such as (?i) have no equivalent): left out",
      'terragrunt.hcl: error_hook "go_only": no on_errors pattern is left: not translated',
    ]);
    expect(notes.all.filter((n) => n.level === 'info').map((n) => n.message)).toEqual([
      'before_hook "prod_only": its if is false here, so Terragrunt never runs it: not translated',
    ]);
  });
});
