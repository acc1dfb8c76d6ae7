import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfiguration } from '../../main';
import { bootstrapLocalAws, bootstrapRequestFor, writeOverlay } from '../../lib/local-aws/local-aws-bootstrap';
import { type LocalAws, startLocalAws } from '../../lib/local-aws/local-aws-process';
import { copyCheckout } from '../support/checkout-copy';
import { PROJECT_ROOT } from '../support/config-fixture';
import { runInShell, runInTerminal, type TerminalRun } from './local-aws-terminal';

/** A copy of this checkout with a local AWS of its own, bootstrapped for dev, as `npm run local-aws` leaves it. */
export interface LocalAwsCheckout {
  /** Scratch folder of the suite (the copy, the local AWS's log and overlay). */
  readonly work: string;
  /** The running local AWS. */
  readonly localAws: LocalAws;
  /** Runs a command in the copy, local mode, without a terminal. */
  shell(command: string, extra?: NodeJS.ProcessEnv): ReturnType<typeof runInShell>;
  /** Runs a command in the copy, local mode, in a pseudo-terminal that approves each prompt. */
  terminal(command: string): Promise<TerminalRun>;
  /** Stops the local AWS and removes the scratch folder. */
  close(): Promise<void>;
}

/** Starts a local AWS, bootstraps dev's state bucket and writes its overlay, in a fresh copy of the checkout. */
export async function startLocalAwsCheckout(name: string): Promise<LocalAwsCheckout> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  const stateDir = path.join(work, 'local-aws');
  const checkout = copyCheckout(path.join(work, 'checkout'));
  const localAws = await startLocalAws({ logFile: path.join(work, 'server.log') });
  const dev = loadConfiguration({ root: PROJECT_ROOT, environments: ['dev'] }).environments[0]!;
  writeOverlay(stateDir, 'dev', await bootstrapLocalAws(localAws.endpoint, bootstrapRequestFor(dev)));
  const env = {
    ...process.env,
    LOCAL_AWS_ENDPOINT: localAws.endpoint,
    LOCAL_AWS_STATE_DIR: stateDir,
    SYNTH_MODE: 'local',
  };
  return {
    work,
    localAws,
    shell: (command, extra = {}) => runInShell(command, { cwd: checkout, env: { ...env, ...extra } }),
    terminal: (command) => runInTerminal(command, { cwd: checkout, env }),
    close: async () => {
      await localAws.stop();
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}
