import { Aspects, TerraformElement, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct, Node } from 'constructs';
import type { EnvironmentConfig } from '../configuration/platform-config';
import type { EnvironmentSettings } from '../configuration/schemas/environment-schema';
import { hooksOfModule, type StackHook } from '../configuration/schemas/hook-schema';
import type { ArnScope } from '../naming/aws-arns';
import { configureAwsProvider } from './aws-provider';
import { OfflineApplyGuard } from './offline-apply-guard';
import { ResourceAdoption } from './resource-adoption';
import { configureStateBackend } from './state-backend';
import { type StateLocation, stateLocationOf } from './state-location';
import type { OutputContract } from './stack-outputs';
import type { SynthTarget } from './synth-target';

/** Construct ids left out of Terraform names, as cdktf and the AWS CDK do for a construct's main resource. */
const HIDDEN_IDS = new Set(['Resource', 'Default']);

/** Terraform version the synthesized stacks need: S3-native locking and `terraform.applying` came in 1.10. */
export const REQUIRED_TERRAFORM_VERSION = '>= 1.10.0';

/** What the tooling reads from a synthesized stack's `//` block. */
export interface StackMetadata {
  /** Environment of the stack. */
  readonly environment: string;
  /** Module of the stack. */
  readonly module: string;
  /** The synth mode the stack was written for. */
  readonly synth_mode: SynthTarget['mode'];
  /** The hooks run-all runs around the stack's Terraform commands; absent when there are none. */
  readonly hooks?: readonly StackHook[];
}

/** What every stack of the platform is built from. */
export interface PlatformStackProps {
  /** The Terragrunt module this stack replaces, such as `batch`; the stack is named `<environment>-<module>`. */
  readonly module: string;
  /** The environment's validated configuration. */
  readonly environment: EnvironmentConfig;
  /** Where the stack will run: AWS, an offline plan, or the local AWS. */
  readonly target: SynthTarget;
}

/**
 * A stack of one environment: its backend, provider and Terraform names are set here, once.
 * Terraform names come from the construct path without cdktf's hash suffix
 * (`aws_batch_job_queue.batch_processing_queue`), so addresses stay stable and readable and
 * match the Terragrunt modules' where the names agree.
 */
export abstract class PlatformStack<C extends OutputContract = OutputContract> extends TerraformStack {
  /** The Terragrunt module this stack replaces. */
  public readonly module: string;
  /** The environment's validated configuration. */
  public readonly environment: EnvironmentConfig;
  /** Where the stack will run. */
  public readonly target: SynthTarget;
  /** Where the stack keeps its state. */
  public readonly stateLocation: StateLocation;
  /** The outputs the stack declares for its dependents. */
  public abstract readonly outputContract: C;
  private readonly allocatedNames = new Map<string, string>();

  protected constructor(scope: Construct, props: PlatformStackProps) {
    super(scope, `${props.environment.name}-${props.module}`);
    this.module = props.module;
    this.environment = props.environment;
    this.target = props.target;
    this.stateLocation = stateLocationOf(props.environment.settings, props.module);
    configureStateBackend(this, this.stateLocation, props.target);
    configureAwsProvider(this, props.environment.settings, props.target);
    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
    // Read by the tooling: to refuse deploying an offline synth before Terraform runs, to group stacks, and
    // for run-all's hooks (a comment to Terraform, so a hook changes no plan and works with --skip-synth).
    const hooks = hooksOfModule(props.environment.settings.hooks, props.module);
    this.addOverride('//.platform', {
      environment: props.environment.name,
      module: props.module,
      synth_mode: props.target.mode,
      ...(hooks.length > 0 ? { hooks } : {}),
    } satisfies StackMetadata);
    if (props.target.mode === 'offline') Aspects.of(this).add(new OfflineApplyGuard());
    // Offline plans have no state to adopt from and no account to import from.
    const adoption = props.environment.settings.adoption[props.module];
    if (adoption && props.target.mode !== 'offline')
      Aspects.of(this).add(new ResourceAdoption(this, adoption, `config/environments/${props.environment.name}.json`));
  }

  /**
   * cdktf's prepare pass (TerraformStack.prepareStack) resolves every element of the stack once
   * before synthesis, only so that automatic cross-stack references can add their outputs and
   * remote-state lookups; synthesis then resolves everything again. The platform never uses them
   * (stacks read each other's remote state through StackDependency, as Terragrunt units do; a reference to another
   * stack's resource is left as it is and Terraform refuses it as an undeclared resource), so the
   * pass is skipped: it was ~15 % of a 50-environment synth (measured with --cpu-prof).
   */
  public override prepareStack(): void {
    this.ensureBackendExists();
  }

  /** The environment's settings. */
  public get settings(): EnvironmentSettings {
    return this.environment.settings;
  }

  /** Account and region of the environment, for ARNs derived from names. */
  public get arnScope(): ArnScope {
    return { accountId: this.settings.account_id, region: this.settings.region };
  }

  /** Declares every output of the contract, with its description; explicit names, never sensitive. */
  protected declareOutputs(values: { readonly [K in keyof C]: unknown }): void {
    for (const name of Object.keys(this.outputContract) as (keyof C & string)[]) {
      new TerraformOutput(this, name, {
        value: values[name],
        description: this.outputContract[name]!.description,
        staticId: true,
      });
    }
  }

  protected allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const parts = node.scopes
      .slice(node.scopes.indexOf(this) + 1)
      .map((c) => c.node.id)
      .filter((id) => !HIDDEN_IDS.has(id));
    const name = parts.join('_').replace(/[^A-Za-z0-9_-]/g, '_');
    const kind = TerraformElement.isTerraformElement(element)
      ? ((element as { terraformResourceType?: string }).terraformResourceType ?? element.constructor.name)
      : 'node';
    const key = `${kind}.${name}`;
    const owner = this.allocatedNames.get(key);
    if (owner !== undefined && owner !== node.path) {
      throw new Error(
        `Two constructs of ${this.node.id} would get the Terraform name ${key}: ` +
          `${owner} and ${node.path}. Rename one of them.`,
      );
    }
    this.allocatedNames.set(key, node.path);
    return name;
  }
}
