import * as http from 'http';
import { UsageError } from '../deployment/synth-target';

/** How long the local AWS may take to answer one request: it answers in milliseconds when it runs. */
const PROBE_TIMEOUT_MS = 3_000;

/**
 * Throws a one-line UsageError when nothing answers at `endpoint`: which endpoint, where it came
 * from (`source`, such as LOCAL_AWS_ENDPOINT), and what to run. Any HTTP answer counts: the local
 * AWS answers `GET /` with its dashboard or an error, and either means it is there.
 */
export async function assertLocalAwsAnswers(endpoint: string, source: string): Promise<void> {
  const reason = await probe(endpoint);
  if (reason === undefined) return;
  throw new UsageError(
    `the local AWS at ${endpoint} (${source}) does not answer (${reason}): start it with ` +
      '`npm run local-aws -- --env dev` in another terminal and export the LOCAL_AWS_ENDPOINT it prints',
  );
}

/** Why `endpoint` did not answer, or undefined when it did. */
export function probe(endpoint: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      resolve('not a URL');
      return;
    }
    const request = http.get(url, { timeout: PROBE_TIMEOUT_MS }, (response) => {
      response.resume();
      resolve(undefined);
    });
    request.on('timeout', () => {
      request.destroy();
      resolve(`no answer within ${PROBE_TIMEOUT_MS / 1000} s`);
    });
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'ECONNREFUSED' ? 'connection refused' : (error.code ?? error.message)),
    );
  });
}
