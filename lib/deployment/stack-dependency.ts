import { DataAwsS3Objects } from '@cdktf/provider-aws/lib/data-aws-s3-objects';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  Aspects,
  DataTerraformRemoteStateS3,
  type IAspect,
  Lazy,
  ref,
  TerraformLocal,
  TerraformResource,
  Token,
} from 'cdktf';
import { Construct, type IConstruct } from 'constructs';
import type { DependencySettings } from '../configuration/schemas/dependency-settings-schema';
import type { PlatformStack } from './platform-stack';
import { localAwsProviderSettings } from './aws-provider';
import { s3BackendSettings } from './state-backend';
import type { StateLocation } from './state-location';
import type { OutputContract, OutputName } from './stack-outputs';

/** A stand-in value for an upstream output while the upstream has no state (or lacks the output). */
export type MockValue = string | readonly string[] | Readonly<Record<string, string>>;

/** What a dependent reads when the upstream state exists but lacks an output: Terragrunt's merge strategies. */
export type MockMergeStrategy = DependencySettings['mock_outputs_merge_strategy'];

/** A Terragrunt `dependency` block: which stack, which of its outputs, and their mocks. */
export interface StackDependencyProps<C extends OutputContract, N extends OutputName<C>> {
  /** The upstream stack (Terragrunt's config_path). */
  readonly upstream: PlatformStack<C>;
  /** The outputs this stack reads; each must be declared by the upstream. */
  readonly outputs: readonly N[];
  /**
   * Values used in their place while the upstream has no state (Terragrunt's mock_outputs);
   * `dependencies.mock_outputs` in config wins.
   */
  readonly mockOutputs: { readonly [K in N]: MockValue };
  /**
   * When the upstream state exists but lacks an output.
   * @default the environment's `dependencies.mock_outputs_merge_strategy`
   */
  readonly mergeStrategy?: MockMergeStrategy;
}

/** Start of every check block that reports mock outputs; run-all reads it to mark a plan provisional. */
export const MOCK_OUTPUTS_CHECK_PREFIX = 'mock_outputs_of_';

/**
 * Reads an upstream stack's outputs from its remote state, the way a Terragrunt `dependency`
 * block does, and orders `cdktf deploy` after it. Replaces cdktf's automatic cross-stack
 * references, whose sensitive hash-named outputs fail to plan until the upstream is applied.
 *
 * Mock outputs, as in Terragrunt: offline they always stand in. On AWS and the local AWS the
 * stack first lists the upstream's state object; while it does not exist (or holds no outputs)
 * every read is the mock, and when it exists but lacks an output the merge strategy decides
 * (no_merge: the plan fails; shallow: the mock). A plan that read any mock is provisional: a
 * `check` block warns in the plan, and a precondition on every resource refuses to apply it.
 */
export class StackDependency<C extends OutputContract, N extends OutputName<C>> extends Construct {
  /** The upstream stack. */
  public readonly upstream: PlatformStack<C>;
  /** The outputs read. */
  public readonly outputs: readonly N[];
  /** The mock of each output read. */
  public readonly mocks: { readonly [K in N]: MockValue };
  /** The merge strategy in force (unused offline). */
  public readonly mergeStrategy: MockMergeStrategy;
  private readonly offline: boolean;
  private readonly realReads = new Set<string>();
  private readonly outputsExpression: string = '';
  private readonly appliedLocal: string = '';

  public constructor(scope: PlatformStack, props: StackDependencyProps<C, N>) {
    const id = props.upstream.module.replace(/-/g, '_');
    super(scope, id);
    for (const output of props.outputs) {
      if (!(output in props.upstream.outputContract)) {
        const declared = Object.keys(props.upstream.outputContract).join(', ');
        throw new Error(
          `${scope.node.id} reads the output "${output}" of ${props.upstream.node.id}, ` +
            `which does not declare it (declared: ${declared})`,
        );
      }
    }
    this.upstream = props.upstream;
    this.outputs = props.outputs;
    const settings = scope.settings.dependencies;
    const configured = settings.mock_outputs[props.upstream.module] ?? {};
    this.mocks = Object.fromEntries(
      props.outputs.map((name) => [name, configured[name] ?? props.mockOutputs[name]]),
    ) as { [K in N]: MockValue };
    this.mergeStrategy = props.mergeStrategy ?? settings.mock_outputs_merge_strategy;
    this.offline = scope.target.mode === 'offline';
    scope.addDependency(props.upstream);
    if (this.offline) return;

    const location = props.upstream.stateLocation;
    const stateObject = new DataAwsS3Objects(this, 'state_object', {
      provider: stateBucketProvider(scope, location),
      bucket: location.bucket,
      prefix: location.key,
      maxKeys: 1,
    });
    const remoteState = new DataTerraformRemoteStateS3(this, 'Resource', s3BackendSettings(location, scope.target));
    // terraform_remote_state fails on a state that does not exist, even with defaults: read it only when it does.
    remoteState.addOverride(
      'count',
      `\${contains(data.aws_s3_objects.${stateObject.friendlyUniqueId}.keys, ${hclLiteral(location.key)}) ? 1 : 0}`,
    );
    this.outputsExpression = `data.terraform_remote_state.${remoteState.friendlyUniqueId}[0].outputs`;
    this.appliedLocal = new TerraformLocal(
      this,
      'applied',
      `\${try(length(keys(${this.outputsExpression})) > 0, false)}`,
    ).friendlyUniqueId;
    // Every read found in the state: false while any read is a mock.
    const complete = new TerraformLocal(
      this,
      'complete',
      Lazy.stringValue({
        produce: () =>
          `\${alltrue([${[...this.realReads]
            .sort()
            .map((r) => `can(${r})`)
            .join(', ')}])}`,
      }),
    ).friendlyUniqueId;
    if (this.mergeStrategy === 'no_merge') {
      remoteState.addOverride('lifecycle.postcondition', [
        {
          condition: Lazy.stringValue({
            produce: () =>
              `\${length(keys(self.outputs)) == 0 || alltrue([for name in ${hclLiteral(this.readOutputNames())} : ` +
              'contains(keys(self.outputs), name)])}',
          }),
          error_message:
            `The state of ${props.upstream.node.id} (s3://${location.bucket}/${location.key}) exists ` +
            `but lacks outputs ${scope.node.id} reads (${[...props.outputs].join(', ')}). ` +
            `Apply ${props.upstream.node.id} first, or set dependencies.mock_outputs_merge_strategy to "shallow" ` +
            'to read mock outputs in their place (plan only).',
        },
      ]);
    }
    const refusal =
      `${scope.node.id} was planned with mock outputs of ${props.upstream.node.id}, ` +
      'whose state does not exist yet or lacks some of them: such a plan is provisional and is never applied. ' +
      `Apply ${props.upstream.node.id} first, then plan ${scope.node.id} again.`;
    scope.addOverride(`check.${MOCK_OUTPUTS_CHECK_PREFIX}${id}`, {
      assert: [{ condition: `\${local.${complete}}`, error_message: `PROVISIONAL: ${refusal}` }],
    });
    Aspects.of(scope).add(new MockOutputsApplyGuard(`\${!terraform.applying || local.${complete}}`, refusal));
  }

  /** A single-value output. */
  public getString(name: N): string {
    if (this.offline) return this.mock(name, 'string') as string;
    return Token.asString(ref(this.merged(`${this.outputsExpression}.${name}`, hclLiteral(this.mock(name, 'string')))));
  }

  /** A list output. */
  public getList(name: N): string[] {
    if (this.offline) return [...(this.mock(name, 'list') as readonly string[])];
    return Token.asList(ref(this.merged(`${this.outputsExpression}.${name}`, hclLiteral(this.mock(name, 'list')))));
  }

  /** One entry of a map output; a plan fails when the upstream's map lacks the key and no mock stands in. */
  public getMapValue(name: N, key: string): string {
    const value = (this.mock(name, 'map') as Readonly<Record<string, string>>)[key];
    if (value === undefined) throw new Error(`${this.node.path}: the mock of ${name} has no entry "${key}"`);
    if (this.offline) return value;
    return Token.asString(
      ref(this.merged(`lookup(${this.outputsExpression}.${name}, ${hclLiteral(key)})`, hclLiteral(value))),
    );
  }

  /** The state's value while the upstream is applied (falling back to the mock under shallow), the mock before. */
  private merged(real: string, mock: string): string {
    this.realReads.add(real);
    const applied = `local.${this.appliedLocal}`;
    return this.mergeStrategy === 'shallow'
      ? `${applied} ? try(${real}, ${mock}) : ${mock}`
      : `${applied} ? ${real} : ${mock}`;
  }

  private readOutputNames(): string[] {
    return [...this.outputs].sort();
  }

  private mock(name: N, kind: 'string' | 'list' | 'map'): MockValue {
    const value = this.mocks[name];
    const actual = typeof value === 'string' ? 'string' : Array.isArray(value) ? 'list' : 'map';
    if (actual !== kind) throw new Error(`${this.node.path}: the mock of ${name} is a ${actual}, read as a ${kind}`);
    return value;
  }
}

/**
 * The usual dependency: `outputs` of `upstream`, each mocked by what the upstream predicts it
 * will output (ARNs and URLs follow from the naming convention).
 */
export function dependencyOn<C extends OutputContract, N extends OutputName<C>>(
  stack: PlatformStack,
  upstream: PlatformStack<C>,
  outputs: readonly N[],
  predicted: Readonly<Record<OutputName<C>, MockValue>>,
): StackDependency<C, N> {
  return new StackDependency<C, N>(stack, {
    upstream,
    outputs,
    mockOutputs: Object.fromEntries(outputs.map((name) => [name, predicted[name]])) as { [K in N]: MockValue },
  });
}

/** Refuses to apply a plan that read mock outputs: a precondition on every resource, checked only while applying. */
class MockOutputsApplyGuard implements IAspect {
  public constructor(
    private readonly condition: string,
    private readonly errorMessage: string,
  ) {}

  public visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node)) return;
    const resource = node as TerraformResource;
    const lifecycle = resource.lifecycle ?? {};
    resource.lifecycle = {
      ...lifecycle,
      precondition: [...(lifecycle.precondition ?? []), { condition: this.condition, errorMessage: this.errorMessage }],
    };
  }
}

/**
 * The provider that lists state objects: the state bucket's region and the backend's credentials
 * (its role when it has one), never the deploy role's account restriction. One per stack.
 */
function stateBucketProvider(stack: PlatformStack, location: StateLocation): AwsProvider {
  const existing = stack.node.tryFindChild('state_bucket');
  if (existing) return existing as AwsProvider;
  const common = { alias: 'state_bucket', region: location.region };
  if (stack.target.mode === 'local') {
    const endpoint = stack.target.localEndpoint!;
    return new AwsProvider(stack, 'state_bucket', {
      ...common,
      ...localAwsProviderSettings({ s3: endpoint, sts: endpoint }),
    });
  }
  return new AwsProvider(stack, 'state_bucket', {
    ...common,
    ...(location.roleArn ? { assumeRole: [{ roleArn: location.roleArn }] } : {}),
  });
}

/** A value written as an HCL literal inside an expression: strings quoted, `${` and `%{` escaped. */
export function hclLiteral(value: MockValue): string {
  if (typeof value === 'string')
    return `"${[...value]
      .map(hclCharacter)
      .join('')
      .replace(/\$\{/g, () => '$${')
      .replace(/%\{/g, () => '%%{')}"`;
  if (Array.isArray(value)) return `[${value.map((item) => hclLiteral(item)).join(', ')}]`;
  return `{${Object.entries(value as Record<string, string>)
    .map(([k, v]) => `${hclLiteral(k)} = ${hclLiteral(v)}`)
    .join(', ')}}`;
}

const HCL_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** One character of an HCL quoted string: the escapes HCL knows, other control characters as \uNNNN. */
function hclCharacter(character: string): string {
  const escape = HCL_ESCAPES[character];
  if (escape) return escape;
  const code = character.codePointAt(0)!;
  return code < 0x20 ? `\\u${code.toString(16).padStart(4, '0')}` : character;
}
