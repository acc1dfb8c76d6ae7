import * as z from 'zod';

/** A resource of the stack: `<type>.<name>`, as PlatformStack names it. */
const StackResourceAddress = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*$/,
    'a resource address of the stack such as "aws_iam_role.batch_service_role"',
  );

const INSTANCE_KEY = '(\\["[^"\\\\]*"\\]|\\[\\d+\\])';
const MODULE_STEP = `module\\.[A-Za-z_][A-Za-z0-9_-]*${INSTANCE_KEY}?\\.`;

/** A resource instance in an existing state, inside modules and with its for_each or count key. */
const StateInstanceAddress = z
  .string()
  .regex(
    new RegExp(`^(${MODULE_STEP})*[a-z][a-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_-]*${INSTANCE_KEY}?$`),
    'a resource address such as "aws_iam_role.this", "module.roles.aws_iam_role.this[\\"batch\\"]"',
  );

/** A resource (all its instances) in an existing state; `removed` blocks take no instance keys. */
const StateResourceAddress = z
  .string()
  .regex(
    new RegExp(`^(module\\.[A-Za-z_][A-Za-z0-9_-]*\\.)*[a-z][a-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_-]*$`),
    'a resource address without instance keys, such as "aws_iam_role.this" (Terraform removed blocks take no keys)',
  );

/** An argument of a resource, or one inside its blocks: `description`, `compute_resources.launch_template`. */
const AttributePath = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/,
    'an argument such as "definition", or an argument of a block such as "compute_resources.launch_template"',
  );

/**
 * How one stack adopts resources that exist already (written by `npm run migrate`): `moved`
 * blocks for resources in the state the stack takes over, `import` blocks for resources in
 * another state, `removed` blocks (destroy = false) for resources of its state that another stack
 * or nobody manages from now on; each is a no-op once applied. `keep` holds arguments of adopted
 * resources as the existing objects have them, where the stack would write them otherwise (a
 * state machine definition kept as written): they stay until deleted, and the next plan then
 * shows the stack's own value as a change.
 */
const StackAdoption = z.strictObject({
  /** Resources of the stack's state under their old address. */
  moved: z.array(z.strictObject({ from: StateInstanceAddress, to: StackResourceAddress })).default([]),
  /** Resources to import, with the id `terraform import` takes for their type. */
  import: z.array(z.strictObject({ to: StackResourceAddress, id: z.string().min(1) })).default([]),
  /** Resources the stack's state forgets without destroying them, and why. */
  removed: z.array(z.strictObject({ from: StateResourceAddress, reason: z.string().min(1) })).default([]),
  /** Arguments kept as adopted, by resource and argument; the value as Terraform takes it (blocks as lists). */
  keep: z.record(StackResourceAddress, z.record(AttributePath, z.unknown())).default({}),
});

/** Adoption of existing resources, by module. */
export const AdoptionSchema = z
  .record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'a module name such as "iam" or "security-group"'), StackAdoption)
  .default({});

/** One stack's validated adoption. */
export type StackAdoptionConfig = z.infer<typeof StackAdoption>;
