import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { ConfigError } from '../lib/configuration/config-error';
import { UsageError } from '../lib/deployment/synth-target';
import { StateFileError } from '../lib/migration/existing-state';
import { HclEvaluationError } from '../lib/migration/hcl-values';
import { migrateTerragrunt } from '../lib/migration/migrate-terragrunt';
import { terraformEnvironment } from '../lib/terraform-cli/terraform-cli-config';
import { synthesizeConfiguration } from './synthesize-configuration';

/** Options of `npm run migrate`. */
interface MigrateCliOptions {
  readonly terragrunt: string;
  readonly out: string;
  readonly stateDir?: string;
}

const projectRoot = path.resolve(__dirname, '..');

async function execute(options: MigrateCliOptions): Promise<number> {
  const { report, files } = await migrateTerragrunt({
    terragruntRoot: options.terragrunt,
    outDir: options.out,
    ...(options.stateDir ? { stateDir: options.stateDir } : {}),
    projectDefaults: JSON.parse(fs.readFileSync(path.join(projectRoot, 'config', 'defaults.json'), 'utf8')) as Record<
      string,
      unknown
    >,
    synthesize: synthesizeConfiguration,
    terraformEnv: terraformEnvironment(projectRoot),
    schemaCacheDir: path.join(projectRoot, '.tf-cache'),
  });
  const out = path.relative(process.cwd(), path.resolve(options.out)) || '.';
  process.stdout.write(`wrote ${files.length} files to ${out}: ${files.join(', ')}\n`);
  for (const environment of report.environments) {
    for (const stack of environment.stacks) {
      const replaced = new Set(stack.changes.filter((c) => c.replaces).map((c) => c.address)).size;
      process.stdout.write(
        `  ${stack.stack}: ${stack.adopted.length} adopted, ${new Set(stack.changes.map((c) => c.address)).size} changed${replaced > 0 ? `, ${replaced} REPLACED` : ''}, ${stack.created.length} created, ${stack.forgotten.length} forgotten${stack.state.takesOver ? ` (takes over ${stack.state.takesOver})` : ' (new state)'}\n`,
      );
    }
  }
  const warnings = report.notes.filter((n) => n.level === 'warning');
  for (const warning of warnings) process.stderr.write(`warning: ${warning.where}: ${warning.message}\n`);
  process.stdout.write(
    `${warnings.length} warning(s); read ${out}/migration-report.md, then: npm run all -- plan --config-root ${out}\n`,
  );
  return 0;
}

const program = new Command('migrate')
  .description(
    'Migrates a Terragrunt live tree of the platform: writes the equivalent config/ and batch-json/, adopts the existing resources of the given states (moved and import blocks) and writes a migration report.',
  )
  .requiredOption('--terragrunt <dir>', 'the Terragrunt live tree (the folder of the root terragrunt.hcl)')
  .requiredOption(
    '--out <dir>',
    "folder to write config/, batch-json/ and migration-report.{md,json} to (empty, or an earlier migration's)",
  )
  .option(
    '--state-dir <dir>',
    "the units' states: a copy of the state bucket, or <unit path>.json (terraform show -json) / <unit path>.tfstate (terraform state pull)",
  )
  .action(async (options: MigrateCliOptions) => {
    process.exitCode = await execute(options);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError)
    process.stderr.write(`The migrated configuration does not load (nothing was written):\n${error.message}\n`);
  else if (error instanceof UsageError || error instanceof HclEvaluationError || error instanceof StateFileError)
    process.stderr.write(`error: ${error.message}\n`);
  else throw error;
  process.exitCode = 1;
});
