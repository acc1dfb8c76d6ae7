import { type IAspect, TerraformResource } from 'cdktf';
import type { IConstruct } from 'constructs';

/**
 * Sets `lifecycle.prevent_destroy` on every resource of the given types, whichever construct
 * created it. Terraform then refuses any plan that would destroy one, including a replacement,
 * so a queue with messages or a log group with history is never lost by a rename or a
 * `destroy`; removing it takes a reviewed configuration change first.
 */
export class PreventDestroyAspect implements IAspect {
  public constructor(private readonly resourceTypes: readonly string[]) {}

  public visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node) || !this.resourceTypes.includes(node.terraformResourceType))
      return;
    node.lifecycle = { ...(node.lifecycle ?? {}), preventDestroy: true };
  }
}
