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
 * Runs `command` with bash in a pseudo-terminal (util-linux script(1)), as a user at a terminal
 * does, answering each cdktf approval prompt with Enter (its first choice, Approve).
 */
export function runInTerminal(
  command: string,
  options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv; readonly timeoutMs?: number },
): Promise<TerminalRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', `bash -c ${shellQuoted(command)}`, '/dev/null'], {
      cwd: options.cwd,
      env: { ...options.env, COLUMNS: '200', LINES: '50', TERM: 'xterm' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let raw = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`${command}: no end within ${options.timeoutMs ?? 600_000} ms:\n${plainText(raw).slice(-3000)}`),
      );
    }, options.timeoutMs ?? 600_000);
    // The UI ignores keys until its input handler is ready, later than it draws the prompt on a busy
    // machine: press Enter again while the prompt is the last thing drawn and nothing followed it.
    const answer = setInterval(() => {
      const text = plainText(raw);
      const open = text.lastIndexOf(APPROVAL_PROMPT);
      if (open >= 0 && open + APPROVAL_PROMPT.length + 200 >= text.length) child.stdin.write('\r');
    }, 2_000);
    const read = (chunk: Buffer): void => {
      raw += chunk.toString('utf8');
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('close', (status) => {
      clearTimeout(timer);
      clearInterval(answer);
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
