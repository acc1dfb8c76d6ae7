import { BatchClient } from '@aws-sdk/client-batch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { LOCAL_AWS_CREDENTIALS } from '../lib/deployment/state-backend';
import { runSmokeTest, SMOKE_TEST_EXIT_CODES } from '../lib/smoke-test/batch-smoke-test';

/** Options of `npm run smoke-test`. */
interface SmokeTestCliOptions {
  readonly jobQueue: string;
  readonly jobDefinition: string;
  readonly arraySize?: number;
  readonly input?: string;
  readonly env: Record<string, string>;
  readonly container?: string;
  readonly parameter: Record<string, string>;
  readonly shareIdentifier?: string;
  readonly jobName?: string;
  readonly region?: string;
  readonly local?: boolean;
  readonly timeout: number;
  readonly poll: number;
}

/** Exit code when the smoke test could not run at all: bad arguments, no region, AWS refused the job. */
const EXIT_NOT_RUN = 2;

function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`a whole number from ${min} to ${max}`);
    return n;
  };
}

/** NAME=VALUE, collected into an object. */
function keyValue(value: string, previous: Record<string, string>): Record<string, string> {
  const at = value.indexOf('=');
  if (at < 1) throw new InvalidArgumentError(`NAME=VALUE, not "${value}"`);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

function json(value: string): string {
  try {
    JSON.parse(value);
  } catch {
    throw new InvalidArgumentError('a JSON document, such as \'{"message": "Hello!"}\'');
  }
  return value;
}

async function execute(options: SmokeTestCliOptions): Promise<number> {
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region)
    throw new CommanderError(EXIT_NOT_RUN, 'smoke-test.region', 'error: no region: pass --region or set AWS_REGION');
  const endpoint = options.local ? process.env.LOCAL_AWS_ENDPOINT : undefined;
  if (options.local && !endpoint)
    throw new CommanderError(
      EXIT_NOT_RUN,
      'smoke-test.local',
      'error: --local needs LOCAL_AWS_ENDPOINT (npm run local-aws prints it)',
    );
  const clientConfig = {
    region,
    ...(endpoint
      ? {
          endpoint,
          credentials: {
            accessKeyId: LOCAL_AWS_CREDENTIALS.accessKey,
            secretAccessKey: LOCAL_AWS_CREDENTIALS.secretKey,
          },
        }
      : {}),
  };
  const batch = new BatchClient(clientConfig);
  const logs = new CloudWatchLogsClient(clientConfig);
  try {
    const result = await runSmokeTest(batch, logs, {
      jobQueue: options.jobQueue,
      jobDefinition: options.jobDefinition,
      jobName:
        options.jobName ??
        `smoke-test-${new Date()
          .toISOString()
          .replace(/[^0-9]/g, '')
          .slice(0, 14)}`,
      ...(options.arraySize !== undefined ? { arraySize: options.arraySize } : {}),
      environment: { ...options.env, ...(options.input !== undefined ? { JOB_INPUT: options.input } : {}) },
      ...(options.container !== undefined ? { container: options.container } : {}),
      ...(Object.keys(options.parameter).length > 0 ? { parameters: options.parameter } : {}),
      ...(options.shareIdentifier ? { shareIdentifier: options.shareIdentifier } : {}),
      pollIntervalMs: options.poll * 1000,
      timeoutMs: options.timeout * 1000,
      log: (line) => void process.stdout.write(`${line}\n`),
    });
    return SMOKE_TEST_EXIT_CODES[result.outcome];
  } finally {
    batch.destroy();
    logs.destroy();
  }
}

const program = new Command('smoke-test')
  .description(
    'Submits a job, or an array job, to a deployed Batch queue, follows it to the end and prints ' +
      'its CloudWatch log lines. Exit code: 0 the job succeeded, 1 it failed, ' +
      '2 it did not finish in time or could not be submitted.',
  )
  .requiredOption('--job-queue <queue>', 'job queue, by name or ARN')
  .requiredOption(
    '--job-definition <definition>',
    'job definition, by name (latest active revision), name:revision or ARN',
  )
  .option('--array-size <n>', 'submit an array job of n children (2-10000)', wholeNumber(2, 10_000))
  .option('--input <json>', "JSON handed to the job as JOB_INPUT, as seed 001's test runner does", json)
  .option('--env <NAME=VALUE>', 'an environment variable of the container (repeatable)', keyValue, {})
  .option(
    '--container <name>',
    'for a job definition with ecs_properties: the container of its task that gets --env and --input',
  )
  .option('--parameter <NAME=VALUE>', 'a value for a Ref:: parameter of the job definition (repeatable)', keyValue, {})
  .option('--share-identifier <id>', 'share identifier, required by fair-share queues')
  .option('--job-name <name>', 'name of the job (default smoke-test-<timestamp>)')
  .option('--region <region>', 'AWS region (default AWS_REGION)')
  .addOption(new Option('--local', 'talk to the local AWS at LOCAL_AWS_ENDPOINT'))
  .option('--timeout <seconds>', 'give up after this long', wholeNumber(1, 86_400), 1800)
  .option('--poll <seconds>', 'seconds between status reads', wholeNumber(1, 300), 10)
  .exitOverride()
  .action(async (options: SmokeTestCliOptions) => {
    process.exitCode = await execute(options);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Commander has printed its own message for its errors; ours carry theirs.
    if (error.code.startsWith('smoke-test.')) process.stderr.write(`${error.message}\n`);
    process.exitCode = ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(error.code)
      ? 0
      : EXIT_NOT_RUN;
    return;
  }
  process.stderr.write(`error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
  process.exitCode = EXIT_NOT_RUN;
});
