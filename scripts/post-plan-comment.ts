import * as fs from 'fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { UsageError } from '../lib/deployment/synth-target';
import { PLAN_COMMENT_MARKER } from '../lib/plan-review/plan-comment';
import {
  GitHubApiError,
  type GitHubTarget,
  setPullRequestLabel,
  upsertPullRequestComment,
} from '../lib/plan-review/pull-request-comment';

/** Options of `npm run plan:post`. */
interface PostCliOptions {
  readonly bodyFile: string;
  readonly pr?: number;
  readonly label?: string;
  readonly labelOn?: 'true' | 'false';
}

function pullRequestNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a pull request number');
  return n;
}

/** The pull request of this workflow run: --pr, or the pull_request event's number. */
function pullRequestOf(options: PostCliOptions, env: NodeJS.ProcessEnv): number {
  if (options.pr !== undefined) return options.pr;
  const eventFile = env.GITHUB_EVENT_PATH;
  const event =
    eventFile && fs.existsSync(eventFile)
      ? (JSON.parse(fs.readFileSync(eventFile, 'utf8')) as { pull_request?: { number?: number } })
      : undefined;
  const number = event?.pull_request?.number;
  if (typeof number !== 'number')
    throw new UsageError('no pull request: pass --pr <number>, or run in a pull_request workflow (GITHUB_EVENT_PATH)');
  return number;
}

function required(env: NodeJS.ProcessEnv, name: string, what: string): string {
  const value = env[name];
  if (!value) throw new UsageError(`${name} is not set; allowed: ${what}`);
  return value;
}

async function execute(options: PostCliOptions): Promise<number> {
  const env = process.env;
  if (!fs.existsSync(options.bodyFile))
    throw new UsageError(
      `${options.bodyFile} does not exist; write it with npm run plan:comment -- --output ${options.bodyFile}`,
    );
  const target: GitHubTarget = {
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    token: required(env, 'GITHUB_TOKEN', 'a token that may write pull-request comments (secrets.GITHUB_TOKEN)'),
    repository: required(env, 'GITHUB_REPOSITORY', 'owner/name (set by GitHub Actions)'),
    pullRequest: pullRequestOf(options, env),
  };
  const result = await upsertPullRequestComment(target, PLAN_COMMENT_MARKER, fs.readFileSync(options.bodyFile, 'utf8'));
  process.stdout.write(`${result.action} the plan comment: ${result.url}\n`);
  if (options.label) {
    await setPullRequestLabel(target, options.label, options.labelOn === 'true');
    process.stdout.write(`label ${options.label} ${options.labelOn === 'true' ? 'set' : 'removed'}\n`);
  }
  return 0;
}

const program = new Command('post-plan-comment')
  .description(
    'Posts the plan comment on the pull request, or updates the one posted before (found by its hidden marker), ' +
      'and sets or removes a label.',
  )
  .requiredOption('--body-file <file>', 'the comment, as npm run plan:comment wrote it')
  .option('--pr <number>', "pull request number (default: the pull_request event's)", pullRequestNumber)
  .option('--label <name>', 'a label to set or remove, such as destroys-resources')
  .addOption(
    new Option('--label-on <bool>', 'set the label (true) or remove it (false)')
      .choices(['true', 'false'])
      .default('false'),
  )
  .action(async (options: PostCliOptions) => {
    process.exitCode = await execute(options);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof GitHubApiError) process.stderr.write(`error: ${error.message}\n`);
  else throw error;
  process.exitCode = 1;
});
