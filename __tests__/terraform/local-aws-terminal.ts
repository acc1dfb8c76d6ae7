import { spawn, spawnSync } from 'child_process';

/** How a command run in a terminal ended. */
export interface TerminalRun {
  /** Exit code. */
  readonly status: number | null;
  /** Everything the terminal showed, without colours and cursor movements. */
  readonly output: string;
  /** How many approval prompts were answered. */
  readonly approvals: number;
}

/** cdktf's approval prompt, as its terminal UI draws it. */
const APPROVAL_PROMPT = 'Approve  Applies the changes outlined in the plan';

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
    const child = spawn('script', ['-qfec', `bash -c ${JSON.stringify(command)}`, '/dev/null'], {
      cwd: options.cwd,
      env: { ...options.env, COLUMNS: '200', LINES: '50', TERM: 'xterm' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let raw = '';
    let approvals = 0;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`${command}: no end within ${options.timeoutMs ?? 600_000} ms:\n${plainText(raw).slice(-3000)}`),
      );
    }, options.timeoutMs ?? 600_000);
    const read = (chunk: Buffer): void => {
      raw += chunk.toString('utf8');
      const prompts = plainText(raw).split(APPROVAL_PROMPT).length - 1;
      if (prompts > approvals) {
        approvals = prompts;
        // The UI takes keys once it has drawn the prompt.
        setTimeout(() => child.stdin.write('\r'), 500);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output: plainText(raw), approvals });
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
