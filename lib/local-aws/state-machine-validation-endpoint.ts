import * as http from 'http';
import type { AddressInfo } from 'net';
import { diagnosticsOf } from './asl-validation';

/** The one call an offline plan makes to AWS, as the AWS JSON 1.0 protocol names it. */
const VALIDATE_TARGET = 'AWSStepFunctions.ValidateStateMachineDefinition';
/** ValidateStateMachineDefinition's maxResults: 100 by default and at 0 (Step Functions API reference). */
const DEFAULT_MAX_DIAGNOSTICS = 100;

/** A running endpoint. */
export interface StateMachineValidationEndpoint {
  /** Its address, such as http://127.0.0.1:40123, for AWS_ENDPOINT_URL. */
  readonly endpoint: string;
  /** Stops it. */
  stop(): Promise<void>;
}

/**
 * Starts the endpoint an offline plan points the AWS provider at (AWS_ENDPOINT_URL). hashicorp/aws
 * calls states:ValidateStateMachineDefinition while planning any new aws_sfn_state_machine, even
 * with fake credentials and -refresh=false; this answers it with asl-validator, as Step Functions
 * would (result, diagnostics, truncated), so a definition AWS rejects fails the offline plan too.
 * Every other call is refused with a 400 that says why (the SDK does not retry a 400), so a plan
 * that starts needing AWS says so at once. Node only: no Python, no moto.
 */
export async function startStateMachineValidationEndpoint(): Promise<StateMachineValidationEndpoint> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      if (request.method !== 'POST' || target !== VALIDATE_TARGET) {
        reply(response, 400, {
          __type: 'UnknownOperationException',
          message:
            "the offline plan's endpoint answers only states:ValidateStateMachineDefinition, " +
            `not ${describe(request, target)}: this needs AWS or the local AWS (npm run local-aws, then --local)`,
        });
        return;
      }
      let input: { definition?: unknown; maxResults?: unknown };
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof input;
      } catch {
        reply(response, 400, { __type: 'SerializationException', message: 'the request body is not JSON' });
        return;
      }
      if (typeof input.definition !== 'string') {
        reply(response, 400, { __type: 'ValidationException', message: 'definition: a string is required' });
        return;
      }
      const max = typeof input.maxResults === 'number' && input.maxResults > 0 ? input.maxResults : undefined;
      const diagnostics = diagnosticsOf(input.definition);
      const limit = max ?? DEFAULT_MAX_DIAGNOSTICS;
      reply(response, 200, {
        result: diagnostics.length === 0 ? 'OK' : 'FAIL',
        diagnostics: diagnostics.slice(0, limit),
        truncated: diagnostics.length > limit,
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function describe(request: http.IncomingMessage, target: string | string[] | undefined): string {
  if (typeof target === 'string') return target.replace(/^AWSStepFunctions\./, 'states:');
  // Query-protocol services (IAM, STS, EC2...) name the action in the body or the query string.
  return `${request.method} ${request.url}`;
}

function reply(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
  response.end(JSON.stringify(body));
}
