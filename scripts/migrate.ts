import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { UsageError } from '../lib/deployment/synth-target';
import { migrateTerragrunt } from '../lib/migration/migrate-terragrunt';
import type { MigrationNote } from '../lib/migration/migration-notes';
import { terraformEnvironment } from '../lib/terraform-cli/terraform-cli-config';
import { synthesizeForMigration } from './migration-synthesis';

/** Options of `npm run migrate`. */
interface MigrateCliOptions {
  readonly terragrunt: string;
  readonly out: string;
  readonly stateDir?: string;
  readonly awsEndpoint?: string;
  readonly dryRun?: boolean;
  readonly refresh: boolean;
}

const projectRoot = path.resolve(__dirname, '..');

function printNote(note: MigrationNote): void {
  if (note.level === 'info') return;
  process.stderr.write(`${note.level}: ${note.where}: ${note.message}\n`);
}

async function execute(options: MigrateCliOptions): Promise<number> {
  const started = performance.now();
  const { report, files } = await migrateTerragrunt({
    terragruntRoot: options.terragrunt,
    outDir: options.out,
    ...(options.stateDir ? { stateDir: options.stateDir } : {}),
    ...(options.awsEndpoint ? { awsEndpoint: options.awsEndpoint } : {}),
    projectDefaults: JSON.parse(fs.readFileSync(path.join(projectRoot, 'config', 'defaults.json'), 'utf8')) as Record<
      string,
      unknown
    >,
    synthesize: synthesizeForMigration,
    terraformEnv: terraformEnvironment(projectRoot),
    schemaCacheDir: path.join(projectRoot, '.tf-cache'),
    log: (line) => process.stdout.write(`${line}\n`),
    onNote: printNote,
    ...(options.dryRun ? { dryRun: { refresh: options.refresh } } : {}),
  });
  const out = path.relative(process.cwd(), path.resolve(options.out)) || '.';
  for (const environment of report.environments)
    for (const stack of environment.stacks) {
      const moved = stack.adopted.filter((a) => a.how === 'moved').length;
      const imported = stack.adopted.filter((a) => a.how === 'imported').length;
      const state = stack.state.takesOver ? ` (takes over ${stack.state.takesOver})` : ' (new state)';
      process.stdout.write(
        `  ${stack.stack}: ${stack.adopted.length} adopted (${moved} moved, ${imported} imported), ` +
          `${stack.kept.length} kept as they are, ${stack.created.length} created, ` +
          `${stack.forgotten.length} forgotten${state}\n`,
      );
    }
  for (const retired of report.retired)
    process.stdout.write(
      `  ${retired.folder}: forgets ${retired.removed.length} resource(s) once the stacks are applied\n`,
    );
  const warnings = report.notes.filter((n) => n.level === 'warning').length;
  const errors = report.notes.filter((n) => n.level === 'error').length;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `wrote ${files.length} files to ${out} in ${seconds} s; ${warnings} warning(s), ${errors} problem(s)\n`,
  );
  if (!report.finished) {
    process.stderr.write(
      `The migration could not finish: ${out}/migration-report.md says what stopped it and where, and holds what ` +
        `was derived so far.\n`,
    );
    return 1;
  }
  process.stdout.write(
    `read ${out}/migration-report.md, then: npm run all -- plan --config-root ${out}` +
      `${options.dryRun ? '' : ' (or migrate again with --dry-run)'}\n`,
  );
  return 0;
}

const program = new Command('migrate')
  .description(
    'Migrates a Terragrunt live tree of the platform from its states: derives config/ and batch-json/ from the ' +
      "resources the units' states hold, adopts each resource in the stack where it belongs (moved, import and " +
      'removed blocks), keeps what exists as it is, and writes a migration report.',
  )
  .requiredOption('--terragrunt <dir>', 'the Terragrunt live tree (the folder of the root terragrunt.hcl)')
  .requiredOption(
    '--out <dir>',
    'folder to write config/, batch-json/, retire/ and migration-report.{md,json} to (empty, or an earlier ' +
      "migration's)",
  )
  .option(
    '--state-dir <dir>',
    "the units' states as files (a copy of the state bucket, <unit>.tfstate from terraform state pull, or " +
      "<unit>.json from terraform show -json); read from each unit's backend when omitted",
  )
  .option(
    '--aws-endpoint <url>',
    'reach AWS (the state buckets, and the dry run) through this endpoint, such as the local AWS',
  )
  .option(
    '--dry-run',
    'plan every migrated stack with Terraform against local copies of the states (nothing is written to them)',
  )
  .option('--no-refresh', 'with --dry-run: compare with the states alone, without reading AWS')
  .action(async (options: MigrateCliOptions) => {
    process.exitCode = await execute(options);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof UsageError) process.stderr.write(`error: ${error.message}\n`);
  else throw error;
  process.exitCode = 1;
});
