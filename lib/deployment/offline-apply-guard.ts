import { type IAspect, TerraformResource } from 'cdktf';
import type { IConstruct } from 'constructs';

/** What Terraform prints for every resource when someone applies an offline synth. */
export const OFFLINE_APPLY_REFUSAL =
  'This stack was synthesized OFFLINE (mock upstream outputs, local backend, dummy credentials): ' +
  'it can be planned but never applied. Run `npm run synth` and deploy that instead.';

/**
 * Makes an offline synth impossible to apply, whoever runs the apply (cdktf deploy, terraform
 * apply, a script): every resource gets a precondition that fails only while Terraform applies
 * (`terraform.applying`, Terraform >= 1.10), so plans pass and an apply creates nothing.
 */
export class OfflineApplyGuard implements IAspect {
  public visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node)) return;
    const resource = node as TerraformResource;
    const lifecycle = resource.lifecycle ?? {};
    resource.lifecycle = {
      ...lifecycle,
      precondition: [
        ...(lifecycle.precondition ?? []),
        { condition: '${!terraform.applying}', errorMessage: OFFLINE_APPLY_REFUSAL },
      ],
    };
  }
}
