import * as fs from 'fs';
import * as path from 'path';
import { Command, Option } from 'commander';
import { UsageError } from '../lib/deployment/synth-target';
import { affectedSinceCommit } from '../lib/plan-review/affected-since-commit';
import { writeStepOutputs } from '../lib/plan-review/github-actions-output';
import { SynthError } from '../lib/synthesis/synth-process';

/** Options of `npm run affected`. */
interface AffectedCliOptions {
  readonly base: string;
  readonly mode: 'real' | 'offline';
  readonly env?: string[];
  readonly headOutdir?: string;
  readonly json?: string;
  readonly githubOutput?: string;
}

const projectRoot = path.resolve(__dirname, '..');

function execute(options: AffectedCliOptions): number {
  const result = affectedSinceCommit({
    projectRoot,
    base: options.base,
    mode: options.mode,
    ...(options.env ? { environments: options.env } : {}),
    ...(options.headOutdir ? { headOutdir: path.resolve(options.headOutdir) } : {}),
  });
  const names = result.affected.map((a) => a.stack);
  const removed = result.removed.length > 0 ? `, ${result.removed.length} removed (${result.removed.join(', ')})` : '';
  process.stderr.write(
    `compared with ${result.baseCommit.slice(0, 12)} (${options.mode} synth): ${names.length} affected, ` +
      `${result.unchanged.length} unchanged${removed}\n`,
  );
  for (const a of result.affected) process.stderr.write(`  ${a.stack}: ${a.reason}\n`);
  if (options.json)
    fs.writeFileSync(
      options.json,
      `${JSON.stringify(
        {
          base: result.baseCommit,
          mode: options.mode,
          affected: result.affected,
          unchanged: result.unchanged,
          removed: result.removed,
          comments_only: result.commentsOnly,
        },
        null,
        2,
      )}\n`,
    );
  const githubOutput = options.githubOutput ?? process.env.GITHUB_OUTPUT;
  if (githubOutput)
    writeStepOutputs(githubOutput, { stacks: names.join(' '), count: names.length, removed: result.removed.join(' ') });
  process.stdout.write(names.length > 0 ? `${names.join(' ')}\n` : '');
  return 0;
}

const program = new Command('affected-stacks')
  .description(
    'Lists the stacks a change affects: synthesizes the base commit and the working tree in the same mode and ' +
      'compares their Terraform JSON; a stack is affected when its JSON changed, it is new, or a stack upstream of ' +
      'it is affected. Prints the names on one line, for `npm run all -- plan --include <names>`.',
  )
  .requiredOption('--base <commit>', "the commit to compare with, such as origin/main or the pull request's base sha")
  .addOption(new Option('--mode <mode>', 'synth mode of both sides').choices(['real', 'offline']).default('real'))
  .option('-e, --env <names...>', 'environments (default: all)')
  .option(
    '--head-outdir <dir>',
    'an existing synth output of the working tree, in the same mode, instead of synthesizing it again',
  )
  .option(
    '--json <file>',
    'write the result (affected with reasons, unchanged, removed) here, ' +
      'for `npm run plan:comment -- --affected <file>`',
  )
  .option('--github-output <file>', 'append step outputs (stacks, count, removed) here (default: $GITHUB_OUTPUT)')
  .action((options: AffectedCliOptions) => {
    process.exitCode = execute(options);
  });

try {
  program.parse(process.argv);
} catch (error) {
  if (error instanceof UsageError || error instanceof SynthError) process.stderr.write(`error: ${error.message}\n`);
  else throw error;
  process.exitCode = 1;
}
