import * as fs from 'fs';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { LOCAL_AWS_CREDENTIALS } from '../deployment/state-backend';
import { type ExistingState, findStateFile, parseState, StateFileError, stateFileCandidates } from './existing-state';
import { Untranslatable } from './hcl-values';
import type { TerragruntUnit } from './terragrunt-config';

/** Where a unit's state is: the S3 object its remote_state block names. */
export interface StateLocationOfUnit {
  /** Bucket. */
  readonly bucket: string;
  /** Object key. */
  readonly key: string;
  /** Region of the bucket. */
  readonly region?: string;
  /** DynamoDB lock table, when the unit locks with one. */
  readonly dynamodbTable?: string;
  /** S3-native locking. */
  readonly useLockfile: boolean;
}

/** A unit's state as read, or why it could not be. */
export interface UnitStateRead {
  /** The unit. */
  readonly unit: TerragruntUnit;
  /** Where its remote_state block says the state is; undefined without one. */
  readonly location?: StateLocationOfUnit;
  /** Where it was read from, for messages: a file or s3://bucket/key. */
  readonly origin: string;
  /** The state, when there is one. */
  readonly state?: ExistingState;
  /** The state's text, exactly as stored (the dry run plans against copies of it). */
  readonly text?: string;
  /** Why there is no state: never applied, unreadable, or no backend. */
  readonly problem?: string;
}

/** Where to read the states from. */
export interface StateSourceOptions {
  /** A folder of state files (a copy of the bucket, `terraform state pull` or `show -json` per unit). */
  readonly stateDir?: string;
  /** An S3 endpoint to read the buckets through instead of AWS's, such as the local AWS. */
  readonly awsEndpoint?: string;
}

/** The S3 location a unit's remote_state block names, when it is an S3 backend with literal settings. */
export function stateLocationOf(unit: TerragruntUnit): StateLocationOfUnit | undefined {
  const remote = unit.remoteState;
  if (!remote || remote.backend !== 's3') return undefined;
  const { bucket, key, region, dynamodb_table: table, use_lockfile: lockfile } = remote.config;
  if (typeof bucket !== 'string' || typeof key !== 'string') return undefined;
  return {
    bucket,
    key,
    ...(typeof region === 'string' ? { region } : {}),
    ...(typeof table === 'string' ? { dynamodbTable: table } : {}),
    useLockfile: lockfile === true,
  };
}

/**
 * Reads the state of every unit: from `stateDir` when given (by key, `<unit>.json` or
 * `<unit>.tfstate`), otherwise from the S3 object its remote_state block names. Reading never
 * locks or writes anything. A unit without a state (never applied) is reported, not an error.
 */
export async function readUnitStates(
  units: readonly TerragruntUnit[],
  options: StateSourceOptions,
  progress: (read: UnitStateRead) => void = () => undefined,
): Promise<UnitStateRead[]> {
  const clients = new Map<string, S3Client>();
  const client = (region: string | undefined): S3Client => {
    const name = region ?? 'us-east-1';
    if (!clients.has(name))
      clients.set(
        name,
        new S3Client({
          region: name,
          ...(options.awsEndpoint
            ? {
                endpoint: options.awsEndpoint,
                forcePathStyle: true,
                credentials: {
                  accessKeyId: LOCAL_AWS_CREDENTIALS.accessKey,
                  secretAccessKey: LOCAL_AWS_CREDENTIALS.secretKey,
                },
              }
            : {}),
        }),
      );
    return clients.get(name)!;
  };
  try {
    const out: UnitStateRead[] = [];
    for (const unit of units) {
      const read = options.stateDir
        ? fromFolder(unit, options.stateDir)
        : await fromBackend(unit, (region) => client(region));
      progress(read);
      out.push(read);
    }
    return out;
  } finally {
    for (const c of clients.values()) c.destroy();
  }
}

function fromFolder(unit: TerragruntUnit, stateDir: string): UnitStateRead {
  const location = stateLocationOf(unit);
  const file = findStateFile(stateDir, unit.relativePath, location?.key);
  const base = { unit, ...(location ? { location } : {}) };
  if (!file) {
    const tried = stateFileCandidates(unit.relativePath, location?.key);
    return { ...base, origin: stateDir, problem: `no state file in ${stateDir} (looked for ${tried.join(', ')})` };
  }
  const text = fs.readFileSync(file, 'utf8');
  return withParsed({ ...base, origin: file }, text);
}

async function fromBackend(unit: TerragruntUnit, client: (region?: string) => S3Client): Promise<UnitStateRead> {
  const location = stateLocationOf(unit);
  if (!location) return { unit, origin: 'remote_state', problem: whyNoLocation(unit) };
  const origin = `s3://${location.bucket}/${location.key}`;
  try {
    const object = await client(location.region).send(
      new GetObjectCommand({ Bucket: location.bucket, Key: location.key }),
    );
    return withParsed({ unit, location, origin }, await object.Body!.transformToString('utf8'));
  } catch (error) {
    if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey')
      return { unit, location, origin, problem: 'no state object: the unit was never applied' };
    return {
      unit,
      location,
      origin,
      problem:
        `the state could not be read (${(error as Error).name}: ${(error as Error).message.split('\n')[0]}); ` +
        `check the AWS credentials, or give the states with --state-dir`,
    };
  }
}

function withParsed(
  base: { unit: TerragruntUnit; location?: StateLocationOfUnit; origin: string },
  text: string,
): UnitStateRead {
  try {
    return { ...base, text, state: parseState(base.origin, text) };
  } catch (error) {
    if (error instanceof StateFileError) return { ...base, problem: error.message };
    throw error;
  }
}

/** Why a unit's remote_state block names no S3 object the migration can read. */
function whyNoLocation(unit: TerragruntUnit): string {
  const remote = unit.remoteState;
  if (!remote) return 'no remote_state block: give the state with --state-dir';
  if (remote.backend !== 's3')
    return (
      `the remote_state backend is ${remote.backend}, not s3: ` +
      'give the state with --state-dir (terraform state pull)'
    );
  const unknown = (['bucket', 'key'] as const)
    .filter((k) => typeof remote.config[k] !== 'string')
    .map((k) => {
      const value = remote.config[k];
      const why = value instanceof Untranslatable ? value.reason : value === undefined ? 'missing' : 'not a string';
      return `${k} (${why})`;
    });
  return `the remote_state ${unknown.join(' and ')} cannot be evaluated: give the states with --state-dir`;
}
