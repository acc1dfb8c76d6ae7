import { spawn, spawnSync } from 'child_process';

/** How a command run in a terminal ended. */
export interface TerminalRun {
  /** Exit code. */
  readonly status: number | null;
  /** Everything the terminal showed, without colours and cursor movements. */
  readonly output: string;
  /** How many stacks asked for approval (cdktf redraws a prompt, so its text may repeat). */
  readonly approvals: number;
}

/** cdktf's approval prompt, as its terminal UI draws it. */
const APPROVAL_PROMPT = 'Approve  Applies the changes outlined in the plan';

/** The line above the prompt, naming the stack it is for. */
const REVIEW_LINE = /Please review the diff output above for (\S+)/g;

/** `text` as one word for the shell script(1) runs its command with: newlines, `$` and quotes kept as they are. */
function shellQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Colours and cursor movements of a terminal UI. */
function plainText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\x1b[()][0-9A-B]/g, '');
}

/**
 * Variables by which cdktf's terminal UI (ink, through ci-info) decides it runs in CI: there it draws
 * nothing until the command ends, so its approval prompt never shows and a deploy waits unseen.
 * ci-info's vendor list names more, each also setting one of these on the CI services it knows.
 */
const CI_MARKERS = new Set([
  'CI',
  'CONTINUOUS_INTEGRATION',
  'BUILD_ID',
  'BUILD_NUMBER',
  'RUN_ID',
  'GITHUB_ACTIONS',
  'GITLAB_CI',
  'JENKINS_URL',
  'BUILDKITE',
  'CIRCLECI',
  'TRAVIS',
  'TEAMCITY_VERSION',
  'TF_BUILD',
  'CODEBUILD_BUILD_ARN',
  'BITBUCKET_COMMIT',
  'DRONE',
  'SEMAPHORE',
  'APPVEYOR',
]);

/** `env` as a user's terminal has it: without the variables that say "this is CI". */
function userTerminalEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !CI_MARKERS.has(name) && !name.startsWith('CI_')));
}

/** How long a terminal may show nothing new before the run counts as stuck: cdktf's UI redraws a spinner meanwhile. */
const SILENCE_LIMIT_MS = 240_000;

/**
 * Runs `command` with bash in a pseudo-terminal (util-linux script(1)), as a user at a terminal
 * does (no CI variables), answering each cdktf approval prompt with Enter (its first choice, Approve).
 * A run that ends neither within `timeoutMs` nor shows anything for four minutes is stopped with
 * all its processes, so no Terraform is left holding a state lock for the tests after it.
 */
export function runInTerminal(
  command: string,
  options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv; readonly timeoutMs?: number },
): Promise<TerminalRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', `bash -c ${shellQuoted(command)}`, '/dev/null'], {
      cwd: options.cwd,
      env: { ...userTerminalEnvironment(options.env), COLUMNS: '200', LINES: '50', TERM: 'xterm' },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let raw = '';
    let lastOutputAt = Date.now();
    const stop = (why: string): void => {
      clearInterval(watch);
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`${command}: ${why}:\n${plainText(raw).slice(-3000)}`));
    };
    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    // The UI ignores keys until its input handler is ready, later than it draws the prompt on a busy
    // machine: press Enter again while the prompt is the last thing drawn and nothing followed it.
    const watch = setInterval(() => {
      const text = plainText(raw);
      const open = text.lastIndexOf(APPROVAL_PROMPT);
      if (open >= 0 && open + APPROVAL_PROMPT.length + 200 >= text.length) child.stdin.write('\r');
      if (Date.now() > deadline) stop(`no end within ${options.timeoutMs ?? 600_000} ms`);
      else if (Date.now() - lastOutputAt > SILENCE_LIMIT_MS) stop(`nothing shown for ${SILENCE_LIMIT_MS} ms`);
    }, 2_000);
    const read = (chunk: Buffer): void => {
      raw += chunk.toString('utf8');
      lastOutputAt = Date.now();
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('close', (status) => {
      clearInterval(watch);
      const output = plainText(raw);
      resolve({ status, output, approvals: new Set([...output.matchAll(REVIEW_LINE)].map((m) => m[1])).size });
    });
  });
}

/** Runs `command` with bash, no terminal: its exit code, standard output and standard error. */
export function runInShell(
  command: string,
  options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv },
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('bash', ['-c', command], { cwd: options.cwd, env: options.env, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The last line of a text that is not empty: where a one-line error is. */
export function lastLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .pop() ?? ''
  );
}

/**
 * Warnings a user could act on in `output`. Below Node.js 22 the AWS SDK warns that it will need 22
 * (the supported runtime, docs/dependencies.md): that warning is the runtime's, not the project's.
 */
export function warningsIn(output: string): string[] {
  const major = Number(process.versions.node.split('.')[0]);
  const text =
    major < 22
      ? output.replace(/\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*?--trace-warnings[^\n]*\n/g, '')
      : output;
  return text.split('\n').filter((line) => /warning|checkpoint|incomplete lock/i.test(line));
}
