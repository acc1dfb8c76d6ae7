import * as fs from 'fs';
import * as path from 'path';

/** One resource instance of an existing state. */
export interface StateInstance {
  /** Full address, such as `module.roles.aws_iam_role.this["batch"]`. */
  readonly address: string;
  /** The address without the last instance key: what `removed` blocks name. */
  readonly resourceAddress: string;
  /** Resource type. */
  readonly type: string;
  /** Resource name. */
  readonly name: string;
  /** for_each key or count index. */
  readonly indexKey?: string | number;
  /** Attributes as the state records them. */
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** A unit's state, read from `terraform state pull` or `terraform show -json` output. */
export interface ExistingState {
  /** The file it was read from. */
  readonly file: string;
  /** Managed resource instances (data sources are left out: nothing to adopt). */
  readonly instances: readonly StateInstance[];
  /** Root outputs, by name. */
  readonly outputs: Readonly<Record<string, unknown>>;
}

/** Raised for a state file that is neither format: the message names the file. */
export class StateFileError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'StateFileError';
  }
}

/**
 * The state file of a unit in `stateDir`, if there is one: `<key>` (a copy of the state bucket,
 * `aws s3 sync s3://<bucket> <dir>`), `<unit path>.json` (terraform show -json) or
 * `<unit path>.tfstate` (terraform state pull).
 */
export function findStateFile(stateDir: string, unitPath: string, stateKey?: string): string | undefined {
  return stateFileCandidates(unitPath, stateKey)
    .map((c) => path.join(stateDir, ...c.split('/')))
    .find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
}

/** Where findStateFile looks for a unit's state, relative to the state folder, in the order it looks. */
export function stateFileCandidates(unitPath: string, stateKey?: string): string[] {
  return [...(stateKey ? [stateKey] : []), `${unitPath}.json`, `${unitPath}.tfstate`, `${unitPath}/terraform.tfstate`];
}

/** Reads either format of a state file. */
export function readStateFile(file: string): ExistingState {
  return parseState(file, fs.readFileSync(file, 'utf8'));
}

/** Parses either format of a state; `origin` (a file or an S3 URL) names it in messages. */
export function parseState(origin: string, text: string): ExistingState {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(
      `${origin}: not JSON (${(error as Error).message}); expected the output of terraform state pull or terraform ` +
        `show -json`,
    );
  }
  const state = json as { version?: number; resources?: unknown[]; format_version?: string; values?: unknown };
  if (typeof state.version === 'number' && Array.isArray(state.resources))
    return fromStatePull(origin, json as PulledState);
  if (typeof state.format_version === 'string') return fromShowJson(origin, json as ShownState);
  throw new StateFileError(
    `${origin}: neither a state (terraform state pull, "version": 4) ` +
      'nor terraform show -json output ("format_version")',
  );
}

interface PulledState {
  readonly version: number;
  readonly outputs?: Readonly<Record<string, { readonly value: unknown }>>;
  readonly resources: readonly {
    readonly module?: string;
    readonly mode: string;
    readonly type: string;
    readonly name: string;
    readonly instances: readonly {
      readonly index_key?: string | number;
      readonly attributes?: Record<string, unknown>;
    }[];
  }[];
}

function fromStatePull(file: string, state: PulledState): ExistingState {
  if (state.version !== 4)
    throw new StateFileError(
      `${file}: state format version ${state.version}; the migration reads version 4 (Terraform 0.12 and later)`,
    );
  const instances = state.resources
    .filter((r) => r.mode === 'managed')
    .flatMap((resource) =>
      resource.instances.map((instance) => {
        const resourceAddress = `${resource.module ? `${resource.module}.` : ''}${resource.type}.${resource.name}`;
        return {
          address: `${resourceAddress}${instanceKey(instance.index_key)}`,
          resourceAddress,
          type: resource.type,
          name: resource.name,
          ...(instance.index_key !== undefined ? { indexKey: instance.index_key } : {}),
          attributes: instance.attributes ?? {},
        };
      }),
    );
  return {
    file,
    instances,
    outputs: Object.fromEntries(Object.entries(state.outputs ?? {}).map(([k, v]) => [k, v.value])),
  };
}

interface ShownModule {
  readonly resources?: readonly {
    readonly address: string;
    readonly mode: string;
    readonly type: string;
    readonly name: string;
    readonly index?: string | number;
    readonly values?: Record<string, unknown>;
  }[];
  readonly child_modules?: readonly ShownModule[];
}

interface ShownState {
  readonly format_version: string;
  readonly values?: {
    readonly outputs?: Readonly<Record<string, { readonly value: unknown }>>;
    readonly root_module?: ShownModule;
  };
}

function fromShowJson(file: string, state: ShownState): ExistingState {
  const instances: StateInstance[] = [];
  const walk = (module: ShownModule | undefined): void => {
    for (const resource of module?.resources ?? []) {
      if (resource.mode !== 'managed') continue;
      const key = instanceKey(resource.index);
      instances.push({
        address: resource.address,
        resourceAddress: key ? resource.address.slice(0, -key.length) : resource.address,
        type: resource.type,
        name: resource.name,
        ...(resource.index !== undefined ? { indexKey: resource.index } : {}),
        attributes: resource.values ?? {},
      });
    }
    (module?.child_modules ?? []).forEach(walk);
  };
  walk(state.values?.root_module);
  return {
    file,
    instances,
    outputs: Object.fromEntries(Object.entries(state.values?.outputs ?? {}).map(([k, v]) => [k, v.value])),
  };
}

/** `["key"]` or `[0]`, as addresses write instance keys. */
function instanceKey(key: string | number | undefined): string {
  if (key === undefined) return '';
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}
