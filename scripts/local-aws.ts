import * as net from 'net';
import * as path from 'path';
import { Command, InvalidArgumentError } from 'commander';
import { configurationRoot, loadConfiguration } from '../main';
import { ConfigError } from '../lib/configuration/config-error';
import { LOCAL_AWS_DEFAULT_PORT, UsageError } from '../lib/deployment/synth-target';
import { bootstrapLocalAws, bootstrapRequestFor, writeOverlay } from '../lib/local-aws/local-aws-bootstrap';
import { startLocalAws } from '../lib/local-aws/local-aws-process';

/** Options of `npm run local-aws`. */
interface LocalAwsCliOptions {
  readonly env?: string[];
  readonly port: number;
  readonly stateDir: string;
}

const DEFAULT_STATE_DIR = '.local-aws';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('a port from 0 to 65535 (0: a free one)');
  return n;
}

/** `file` relative to the working directory when it is inside it, else absolute. */
function display(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' ? '.' : relative.startsWith('..') ? file : relative;
}

/** Whether nothing listens on `port` of the loopback address. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Starts the local AWS, bootstraps each environment into it and serves until SIGINT or SIGTERM. */
async function serve(options: LocalAwsCliOptions): Promise<number> {
  const config = loadConfiguration({
    root: configurationRoot(process.env),
    ...(options.env ? { environments: options.env } : {}),
  });
  const stateDir = path.resolve(options.stateDir);
  const logFile = path.join(stateDir, 'server.log');
  let port = options.port;
  if (port === LOCAL_AWS_DEFAULT_PORT && !(await portIsFree(port))) {
    process.stdout.write(`port ${port} is in use: listening on a free port instead (export the line below)\n`);
    port = 0;
  }
  const localAws = await startLocalAws({ port, logFile });
  try {
    for (const environment of config.environments) {
      const overlay = await bootstrapLocalAws(localAws.endpoint, bootstrapRequestFor(environment));
      const file = writeOverlay(stateDir, environment.name, overlay);
      process.stdout.write(
        `${environment.name}: state bucket ${environment.settings.state.bucket}, ${overlay.network.vpc_id} ` +
          `with ${overlay.network.private_subnet_ids.length} private subnets -> ${display(file)}\n`,
      );
    }
  } catch (error) {
    await localAws.stop();
    throw error;
  }

  const stateDirSetting = options.stateDir === DEFAULT_STATE_DIR ? '' : `LOCAL_AWS_STATE_DIR=${options.stateDir} `;
  process.stdout.write(
    [
      '',
      `Local AWS (moto, account ${localAws.accountId}) at ${localAws.endpoint}; its log: ${display(logFile)}`,
      '',
      'In another shell:',
      `  export LOCAL_AWS_ENDPOINT=${localAws.endpoint} SYNTH_MODE=local` +
        (stateDirSetting ? ` ${stateDirSetting.trim()}` : ''),
      `  npm run deploy -- ${config.environments[0]?.name ?? 'dev'}-iam`,
      '',
      'Ctrl-C stops it; everything in it is lost.',
      '',
    ].join('\n'),
  );

  const stopped = await Promise.race([
    new Promise<'signal'>((resolve) => {
      process.once('SIGINT', () => resolve('signal'));
      process.once('SIGTERM', () => resolve('signal'));
    }),
    localAws.exited.then((code) => ({ code })),
  ]);
  await localAws.stop();
  if (stopped !== 'signal') {
    process.stderr.write(
      `error: the local AWS stopped by itself (exit code ${stopped.code}); its log: ${display(logFile)}\n`,
    );
    return 1;
  }
  return 0;
}

const program = new Command('local-aws')
  .description(
    'Starts the local AWS (moto with the shims of scripts/local-aws/server.py), creates in it what each ' +
      "environment's account already holds (state bucket, VPC, private subnets), writes <state-dir>/<env>.json " +
      'for local mode (SYNTH_MODE=local), and serves until Ctrl-C.',
  )
  .option('-e, --env <names...>', 'environments to bootstrap (default: all)')
  .option(
    '--port <n>',
    `port to listen on; 0 picks a free one (default ${LOCAL_AWS_DEFAULT_PORT}, where npm run synth:local looks)`,
    port,
    LOCAL_AWS_DEFAULT_PORT,
  )
  .option('--state-dir <dir>', 'folder of the overlays and the server log', DEFAULT_STATE_DIR)
  .action(async (options: LocalAwsCliOptions) => {
    process.exitCode = await serve(options);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError)
    process.stderr.write(
      `${error.problems.length === 1 ? 'Configuration error' : `${error.problems.length} configuration errors`}` +
        ` (the local AWS was not started):\n${error.message}\n`,
    );
  else if (error instanceof UsageError) process.stderr.write(`error: ${error.message}\n`);
  else throw error;
  process.exitCode = 1;
});
