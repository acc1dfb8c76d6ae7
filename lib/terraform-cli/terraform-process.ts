import { spawn } from 'child_process';

/** What a Terraform command printed and how it ended. */
export interface TerraformResult {
  /** Exit code (1 when the process could not start or was killed). */
  readonly exitCode: number;
  /** Standard output. */
  readonly stdout: string;
  /** Standard error. */
  readonly stderr: string;
  /** Wall time in milliseconds. */
  readonly durationMs: number;
}

/** Where and how a Terraform command runs. */
export interface TerraformRunOptions {
  /** Working directory: a synthesized stack's folder. */
  readonly cwd: string;
  /** Environment, from terraformEnvironment(). */
  readonly env: NodeJS.ProcessEnv;
  /** Stops the command (SIGTERM, as Ctrl-C would) when aborted. */
  readonly signal?: AbortSignal;
}

/** Terraform binary: TERRAFORM_BINARY, or `terraform` on the PATH. */
export function terraformBinary(env: NodeJS.ProcessEnv): string {
  return env.TERRAFORM_BINARY ?? 'terraform';
}

/** Runs `terraform <args>` and collects its output; never throws for a non-zero exit. */
export function runTerraform(args: readonly string[], options: TerraformRunOptions): Promise<TerraformResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(terraformBinary(options.env), ['-chdir=' + options.cwd, ...args], {
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const abort = (): void => {
      child.kill('SIGTERM');
    };
    options.signal?.addEventListener('abort', abort, { once: true });
    const finish = (exitCode: number, extra = ''): void => {
      options.signal?.removeEventListener('abort', abort);
      resolve({
        exitCode,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8') + extra,
        durationMs: performance.now() - started,
      });
    };
    child.on('error', (error) => finish(1, `could not run ${terraformBinary(options.env)}: ${error.message}`));
    child.on('close', (code) => finish(code ?? 1));
  });
}
