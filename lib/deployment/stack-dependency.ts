import { DataTerraformRemoteStateS3, Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import type { PlatformStack } from './platform-stack';
import { s3BackendSettings } from './state-backend';
import type { OutputContract, OutputName } from './stack-outputs';

/** A stand-in value for an upstream output while planning offline. */
export type MockValue = string | readonly string[] | Readonly<Record<string, string>>;

/** A Terragrunt `dependency` block: which stack, which of its outputs, and their mocks. */
export interface StackDependencyProps<C extends OutputContract, N extends OutputName<C>> {
  /** The upstream stack (Terragrunt's config_path). */
  readonly upstream: PlatformStack<C>;
  /** The outputs this stack reads; each must be declared by the upstream. */
  readonly outputs: readonly N[];
  /** Values used in their place when planning offline (Terragrunt's mock_outputs). */
  readonly mockOutputs: { readonly [K in N]: MockValue };
}

/**
 * Reads an upstream stack's outputs from its remote state, the way a Terragrunt `dependency`
 * block does, and orders `cdktf deploy` after it. Offline, the mock outputs stand in.
 * Replaces cdktf's automatic cross-stack references, whose sensitive hash-named outputs fail to
 * plan until the upstream is applied.
 */
export class StackDependency<C extends OutputContract, N extends OutputName<C>> extends Construct {
  /** The upstream stack. */
  public readonly upstream: PlatformStack<C>;
  /** The outputs read. */
  public readonly outputs: readonly N[];
  private readonly mocks: { readonly [K in N]: MockValue } | undefined;
  private readonly remoteState: DataTerraformRemoteStateS3 | undefined;

  public constructor(scope: PlatformStack, props: StackDependencyProps<C, N>) {
    super(scope, props.upstream.module.replace(/-/g, '_'));
    for (const output of props.outputs) {
      if (!(output in props.upstream.outputContract)) {
        throw new Error(`${scope.node.id} reads the output "${output}" of ${props.upstream.node.id}, which does not declare it (declared: ${Object.keys(props.upstream.outputContract).join(', ')})`);
      }
    }
    this.upstream = props.upstream;
    this.outputs = props.outputs;
    scope.addDependency(props.upstream);
    if (scope.target.mode === 'offline') {
      this.mocks = props.mockOutputs;
    } else {
      this.remoteState = new DataTerraformRemoteStateS3(this, 'Resource', s3BackendSettings(props.upstream.stateLocation, scope.target));
    }
  }

  /** A single-value output. */
  public getString(name: N): string {
    if (this.mocks) return this.mock(name, 'string') as string;
    return this.remoteState!.getString(name);
  }

  /** A list output. */
  public getList(name: N): string[] {
    if (this.mocks) return [...(this.mock(name, 'list') as readonly string[])];
    return this.remoteState!.getList(name);
  }

  /** One entry of a map output; Terraform fails the plan if the upstream lacks the key. */
  public getMapValue(name: N, key: string): string {
    if (this.mocks) {
      const value = (this.mock(name, 'map') as Readonly<Record<string, string>>)[key];
      if (value === undefined) throw new Error(`${this.node.path}: the mock of ${name} has no entry "${key}"`);
      return value;
    }
    return Token.asString(Fn.lookup(this.remoteState!.get(name), key));
  }

  private mock(name: N, kind: 'string' | 'list' | 'map'): MockValue {
    const value = this.mocks![name];
    const actual = typeof value === 'string' ? 'string' : Array.isArray(value) ? 'list' : 'map';
    if (actual !== kind) throw new Error(`${this.node.path}: the mock of ${name} is a ${actual}, read as a ${kind}`);
    return value;
  }
}

/**
 * The usual dependency: `outputs` of `upstream`, each mocked offline by what the upstream
 * predicts it will output (ARNs and URLs follow from the naming convention).
 */
export function dependencyOn<C extends OutputContract, N extends OutputName<C>>(stack: PlatformStack, upstream: PlatformStack<C>, outputs: readonly N[], predicted: Readonly<Record<OutputName<C>, MockValue>>): StackDependency<C, N> {
  return new StackDependency<C, N>(stack, {
    upstream,
    outputs,
    mockOutputs: Object.fromEntries(outputs.map((name) => [name, predicted[name]])) as { [K in N]: MockValue },
  });
}
