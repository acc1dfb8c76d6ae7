/**
 * The commands the README gives a new user, in the order it gives them: the fresh-copy
 * walkthrough runs exactly these, and a unit test checks that each appears verbatim in README.md.
 */
export const README_COMMANDS = {
  /** The Quick start: install, synthesize every stack offline, plan each. */
  quickStart: 'npm ci && npm run plan:offline',
  /** Starts the local AWS for dev (terminal 1); it prints the export line below. */
  startLocalAws: 'npm run local-aws -- --env dev',
  /** What the local AWS prints for the other terminal (its endpoint in place of 5000 when that port is taken). */
  exportLocal: 'export LOCAL_AWS_ENDPOINT=http://127.0.0.1:5000 SYNTH_MODE=local',
  /** The per-stack command, for each stack of dev in deployment order. */
  deploy: [
    'npm run deploy -- dev-iam',
    'npm run deploy -- dev-security-group',
    'npm run deploy -- dev-sqs',
    'npm run deploy -- dev-batch',
    'npm run deploy -- dev-step-function',
  ],
  /** The whole environment, in order. */
  deployEnvironment: "npm run deploy -- 'dev-*'",
  /** Back to an offline plan. */
  planOffline: 'npm run all -- plan --offline --env dev',
  /** What plain npx cdktf needs, then plain npx cdktf. */
  plainCdktfEnvironment: 'eval "$(npm run -s env)"',
  plainCdktf: 'npx cdktf deploy dev-sqs',
  /** Destroys the environment, dependents first. */
  destroyEnvironment: "npm run cdktf -- destroy 'dev-*'",
} as const;

/** The export line as the local AWS printed it, for `endpoint`. */
export function exportLocalFor(endpoint: string): string {
  return README_COMMANDS.exportLocal.replace('http://127.0.0.1:5000', endpoint);
}

/** Every README line the commands above are, one per entry. */
export function readmeLines(): string[] {
  return Object.values(README_COMMANDS).flatMap((value) => (typeof value === 'string' ? [value] : [...value]));
}
