import * as fs from 'fs';
import * as path from 'path';
import { GetObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { SynthesizedStack } from './synthesized-stacks';

/** The S3 backend block of a synthesized stack, as cdk.tf.json holds it. */
interface S3BackendBlock {
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  readonly access_key?: string;
  readonly secret_key?: string;
  readonly endpoints?: { readonly s3?: string };
  readonly use_path_style?: boolean;
}

/** What a stack's state holds, as far as its dependents care. */
export type StateContent = 'missing' | 'empty' | 'applied';

/**
 * Reads a stack's state where its backend keeps it: `missing` when there is none, `empty` when it
 * holds no resources and no outputs (never applied, or destroyed), `applied` otherwise. Undefined
 * when the stack has no S3 backend (offline) or the state cannot be read (no credentials, no
 * access): Terraform then says why itself.
 */
export async function readStateContent(stack: SynthesizedStack): Promise<StateContent | undefined> {
  const backend = s3Backend(stack);
  if (!backend) return undefined;
  const s3 = new S3Client({
    region: backend.region,
    ...(backend.endpoints?.s3 ? { endpoint: backend.endpoints.s3 } : {}),
    ...(backend.use_path_style ? { forcePathStyle: true } : {}),
    ...(backend.access_key && backend.secret_key
      ? { credentials: { accessKeyId: backend.access_key, secretAccessKey: backend.secret_key } }
      : {}),
    maxAttempts: 2,
  });
  try {
    const answer = await s3.send(new GetObjectCommand({ Bucket: backend.bucket, Key: backend.key }));
    const state = JSON.parse(await answer.Body!.transformToString()) as {
      resources?: unknown[];
      outputs?: Record<string, unknown>;
    };
    return (state.resources ?? []).length > 0 || Object.keys(state.outputs ?? {}).length > 0 ? 'applied' : 'empty';
  } catch (error) {
    if (error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.name === 'NotFound'))
      return 'missing';
    return undefined;
  } finally {
    s3.destroy();
  }
}

/**
 * Why `stacks` cannot be deployed now, as one line, or undefined: the upstream stacks outside the
 * selection whose state does not exist yet or holds nothing (read from their states). A stack
 * planned on mock outputs is never applied (see StackDependency): this says so before Terraform runs.
 */
export async function undeployedUpstreams(
  stacks: readonly SynthesizedStack[],
  all: readonly SynthesizedStack[],
): Promise<string | undefined> {
  const selected = new Set(stacks.map((s) => s.name));
  const byName = new Map(all.map((s) => [s.name, s]));
  const upstreams = [...new Set(stacks.flatMap((s) => s.dependencies).filter((d) => !selected.has(d)))];
  const missing: string[] = [];
  for (const name of upstreams) {
    const upstream = byName.get(name);
    if (!upstream) continue;
    const content = await readStateContent(upstream);
    if (content === 'missing' || content === 'empty') missing.push(name);
  }
  if (missing.length === 0) return undefined;
  const ordered = all.map((s) => s.name).filter((n) => missing.includes(n));
  const names = stacks.map((s) => s.name).join(', ');
  return (
    `${names} ${stacks.length === 1 ? 'reads' : 'read'} the outputs of ${ordered.join(', ')}, ` +
    `which ${ordered.length === 1 ? 'is' : 'are'} not deployed yet (no state with outputs): ` +
    `deploy ${ordered.length === 1 ? 'it' : 'them'} first (npm run deploy -- ${ordered.join(' ')})`
  );
}

/**
 * Why `stacks` cannot be destroyed now, as one line, or undefined: the stacks outside the
 * selection that read their outputs and still hold resources (read from their states).
 */
export async function deployedDependents(
  stacks: readonly SynthesizedStack[],
  all: readonly SynthesizedStack[],
): Promise<string | undefined> {
  const selected = new Set(stacks.map((s) => s.name));
  const dependents = all.filter((s) => !selected.has(s.name) && s.dependencies.some((d) => selected.has(d)));
  const deployed: string[] = [];
  for (const dependent of dependents)
    if ((await readStateContent(dependent)) === 'applied') deployed.push(dependent.name);
  if (deployed.length === 0) return undefined;
  return (
    `${deployed.join(', ')} still ${deployed.length === 1 ? 'reads' : 'read'} the outputs of ` +
    `${stacks.map((s) => s.name).join(', ')}: destroy ${deployed.length === 1 ? 'it' : 'them'} first ` +
    `(npm run cdktf -- destroy ${deployed.join(' ')})`
  );
}

function s3Backend(stack: SynthesizedStack): S3BackendBlock | undefined {
  const content = JSON.parse(fs.readFileSync(path.join(stack.directory, 'cdk.tf.json'), 'utf8')) as {
    terraform?: { backend?: { s3?: S3BackendBlock } };
  };
  return content.terraform?.backend?.s3;
}
