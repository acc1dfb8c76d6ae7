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

/**
 * How one stack adopts resources that exist already (written by `npm run migrate`): `moved`
 * blocks for resources in the state the stack takes over, `import` blocks for resources in
 * another state, `removed` blocks (destroy = false) for resources of its state that another stack
 * or nobody manages from now on. Each is a no-op once applied.
 */
const StackAdoption = z.strictObject({
  /** Resources of the stack's state under their old address. */
  moved: z.array(z.strictObject({ from: StateInstanceAddress, to: StackResourceAddress })).default([]),
  /** Resources to import, with the id `terraform import` takes for their type. */
  import: z.array(z.strictObject({ to: StackResourceAddress, id: z.string().min(1) })).default([]),
  /** Resources the stack's state forgets without destroying them, and why. */
  removed: z.array(z.strictObject({ from: StateResourceAddress, reason: z.string().min(1) })).default([]),
});

/** Adoption of existing resources, by module. */
export const AdoptionSchema = z
  .record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'a module name such as "iam" or "security-group"'), StackAdoption)
  .default({});

/** One stack's validated adoption. */
export type StackAdoptionConfig = z.infer<typeof StackAdoption>;
