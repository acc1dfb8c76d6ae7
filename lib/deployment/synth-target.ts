/** How stacks are synthesized: for AWS, for planning without AWS, or for the local AWS emulator. */
export type SynthMode = 'real' | 'offline' | 'local';

/** The synth modes, in the order the README presents them. */
export const SYNTH_MODES: readonly SynthMode[] = ['real', 'offline', 'local'];

/** Where the synthesized stacks will run. */
export interface SynthTarget {
  /** The synth mode. */
  readonly mode: SynthMode;
  /** Address of the local AWS, such as http://127.0.0.1:4566 (local mode only). */
  readonly localEndpoint?: string;
  /** Account id the local AWS uses for every request (local mode only). */
  readonly localAccountId?: string;
}

/** Raised for a wrong command line or environment: printed as one line, never as a stack trace. */
export class UsageError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** moto's default account; the local AWS answers every request as this account. */
export const LOCAL_AWS_DEFAULT_ACCOUNT = '123456789012';

/** Where `npm run local-aws` listens unless told otherwise: moto_server's own default address. */
export const LOCAL_AWS_DEFAULT_PORT = 5000;

/** Reads SYNTH_MODE (default real), LOCAL_AWS_ENDPOINT (default http://127.0.0.1:5000) and LOCAL_AWS_ACCOUNT_ID. */
export function synthTargetFromEnvironment(env: NodeJS.ProcessEnv): SynthTarget {
  const mode = env.SYNTH_MODE ?? 'real';
  if (!(SYNTH_MODES as readonly string[]).includes(mode)) {
    throw new UsageError(`SYNTH_MODE is "${mode}"; allowed: ${SYNTH_MODES.join(', ')}`);
  }
  if (mode !== 'local') return { mode: mode as SynthMode };
  const endpoint = env.LOCAL_AWS_ENDPOINT ?? `http://127.0.0.1:${LOCAL_AWS_DEFAULT_PORT}`;
  if (!/^https?:\/\/[^/\s]+\/?$/.test(endpoint)) {
    throw new UsageError(
      `LOCAL_AWS_ENDPOINT is "${endpoint}"; allowed: the local AWS address, ` +
        `such as http://127.0.0.1:${LOCAL_AWS_DEFAULT_PORT} (npm run local-aws prints it)`,
    );
  }
  const accountId = env.LOCAL_AWS_ACCOUNT_ID ?? LOCAL_AWS_DEFAULT_ACCOUNT;
  if (!/^\d{12}$/.test(accountId))
    throw new UsageError(`LOCAL_AWS_ACCOUNT_ID is "${accountId}"; allowed: a 12-digit account id`);
  return { mode: 'local', localEndpoint: endpoint.replace(/\/$/, ''), localAccountId: accountId };
}
