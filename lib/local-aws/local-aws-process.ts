import { type ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as readline from 'readline';
import { LOCAL_AWS_DEFAULT_ACCOUNT, UsageError } from '../deployment/synth-target';

/** How to start the local AWS. */
export interface StartLocalAwsOptions {
  /** File the server's log (its stderr) is appended to; kept only in memory, for error messages, when omitted. */
  readonly logFile?: string;
  /** Port to listen on; a free one when omitted or 0. */
  readonly port?: number;
  /** Environment of the server process; this process's environment when omitted. */
  readonly env?: NodeJS.ProcessEnv;
}

/** A running local AWS. */
export interface LocalAws {
  /** Its address, such as http://127.0.0.1:40123. */
  readonly endpoint: string;
  /** The account it answers every request as. */
  readonly accountId: string;
  /** Settles with the server's exit code (null when a signal ended it) once it has stopped, for whatever reason. */
  readonly exited: Promise<number | null>;
  /** Stops the server; resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Installs the moto release the server's shims are written against (scripts/local-aws/server.py),
 * in a virtual environment of its own (pipx), which works where pip refuses to touch the system's
 * Python (PEP 668: Debian 12, recent Ubuntu) and which localAwsPython() finds.
 */
export const MOTO_INSTALL_COMMAND = "pipx install 'moto[server]==5.2.1'";

const SERVER_SCRIPT = path.resolve(__dirname, '..', '..', 'scripts', 'local-aws', 'server.py');
const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const READY_LINE = /^LOCAL_AWS_ENDPOINT=(https?:\/\/\S+)$/;
// Ready in about 2 s on an idle or a busy machine; the limit only catches a server that hangs.
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 10_000;
const STDERR_TAIL_LINES = 20;
/** server.py's exit code when moto is missing or not the release its shims are written for. */
const EXIT_MOTO_UNAVAILABLE = 3;

/**
 * Starts scripts/local-aws/server.py (moto with the project's shims) and resolves once it answers
 * requests. Throws UsageError when python3 or moto is missing; the server never outlives this process.
 */
export async function startLocalAws(options: StartLocalAwsOptions = {}): Promise<LocalAws> {
  const env = { ...(options.env ?? process.env) };
  // moto answers as MOTO_ACCOUNT_ID when it is set; LocalAws promises moto's default account.
  delete env.MOTO_ACCOUNT_ID;
  const args = [
    SERVER_SCRIPT,
    '--host',
    '127.0.0.1',
    '--port',
    String(options.port ?? 0),
    '--node',
    process.execPath,
    '--stop-on-stdin-eof',
  ];
  // stdin stays open and unused: the server stops when it closes, which is when this process ends, however it ends.
  const python = localAwsPython(env);
  const child = spawn(python, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const log = new ServerLog(options.logFile);
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => log.write(chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const killOnExit = (): void => {
    child.kill('SIGTERM');
  };
  process.on('exit', killOnExit);
  void exited.then(() => {
    process.off('exit', killOnExit);
    log.close();
  });

  try {
    const endpoint = await readyEndpoint(child, exited, log, python);
    return {
      endpoint,
      accountId: LOCAL_AWS_DEFAULT_ACCOUNT,
      exited,
      stop: () => stopServer(child, exited),
    };
  } catch (error) {
    await stopServer(child, exited);
    throw error;
  }
}

/** The endpoint from the server's ready line, or why it never came. */
function readyEndpoint(
  child: ChildProcess,
  exited: Promise<number | null>,
  log: ServerLog,
  python: string,
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    const timer = setTimeout(() => {
      reject(
        new Error(
          `the local AWS did not answer within ${READY_TIMEOUT_MS / 1000} s; its last log lines:\n${log.tail()}`,
        ),
      );
    }, READY_TIMEOUT_MS);
    const settle = (): void => {
      clearTimeout(timer);
      lines.removeAllListeners('line');
    };
    lines.on('line', (line) => {
      const match = READY_LINE.exec(line.trim());
      if (!match) return;
      settle();
      resolve(match[1]!);
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      settle();
      reject(
        error.code === 'ENOENT'
          ? new UsageError(
              `${python} is not on PATH; the local AWS runs on Python 3 with moto: install Python 3, ` +
                `then ${MOTO_INSTALL_COMMAND}`,
            )
          : error,
      );
    });
    void exited.then((code) => {
      settle();
      if (code === EXIT_MOTO_UNAVAILABLE) reject(new UsageError(log.lastLine()));
      else
        reject(
          new Error(`the local AWS exited with code ${code} before answering; its last log lines:\n${log.tail()}`),
        );
    });
  });
}

/**
 * The Python that runs the local AWS: LOCAL_AWS_PYTHON; else the project's virtual environment
 * (.venv, made with `python3 -m venv .venv && .venv/bin/pip install 'moto[server]==5.2.1'`); else
 * the one `pipx install 'moto[server]==5.2.1'` made; else python3 on the PATH.
 */
export function localAwsPython(env: NodeJS.ProcessEnv): string {
  if (env.LOCAL_AWS_PYTHON) return env.LOCAL_AWS_PYTHON;
  const home = env.HOME ?? os.homedir();
  const candidates = [
    path.join(PROJECT_ROOT, '.venv', 'bin', 'python3'),
    path.join(env.PIPX_HOME ?? path.join(home, '.local', 'share', 'pipx'), 'venvs', 'moto', 'bin', 'python'),
    path.join(home, '.local', 'pipx', 'venvs', 'moto', 'bin', 'python'),
  ];
  return candidates.find((candidate) => fs.existsSync(candidate)) ?? 'python3';
}

/** Sends SIGTERM, then SIGKILL if the server has not exited within STOP_TIMEOUT_MS. */
async function stopServer(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** The server's stderr: appended to a file when asked, its last lines kept for error messages. */
class ServerLog {
  private readonly lines: string[] = [];
  private partial = '';
  private readonly file?: fs.WriteStream;

  public constructor(file: string | undefined) {
    if (file) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      this.file = fs.createWriteStream(file, { flags: 'a' });
    }
  }

  public write(chunk: string): void {
    this.file?.write(chunk);
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop()!;
    this.lines.push(...lines);
    if (this.lines.length > STDERR_TAIL_LINES) this.lines.splice(0, this.lines.length - STDERR_TAIL_LINES);
  }

  public tail(): string {
    const all = this.partial ? [...this.lines, this.partial] : this.lines;
    return all.length > 0 ? all.join('\n') : '(nothing)';
  }

  public lastLine(): string {
    return this.partial || this.lines[this.lines.length - 1] || '(nothing)';
  }

  public close(): void {
    this.file?.end();
  }
}
