/**
 * Compile-time checks of configuration types against the AWS SDK's own shapes.
 *
 * Terraform passes `container_properties`, `ecs_properties` and `node_properties` to AWS as opaque
 * JSON, and the provider decodes them into the SDK's structs, silently dropping any key the SDK
 * does not know.
 * A validated configuration type that is `WithinSdkShape` of the SDK type cannot carry a key AWS
 * does not define (`readOnlyRootFilesystem`) or a value of another type (a number where AWS wants
 * a string): `tsc` rejects the schema before anything is synthesized.
 */

/** `true` when every key of `T` exists in `S`, recursively, with a value assignable to it; `false` otherwise. */
export type WithinSdkShape<T, S> = [NonNullable<T>] extends [never]
  ? true
  : [NonNullable<S>] extends [never]
    ? false
    : Within<NonNullable<T>, NonNullable<S>>;

type Within<T, S> = T extends readonly (infer E)[]
  ? S extends readonly (infer SE)[]
    ? WithinSdkShape<E, SE>
    : false
  : T extends object
    ? S extends object
      ? AllTrue<{ [K in keyof T]-?: K extends keyof S ? WithinSdkShape<T[K], S[K]> : false }[keyof T]>
      : false
    : T extends S
      ? true
      : false;

type AllTrue<T> = [T] extends [true] ? true : [T] extends [never] ? true : false;

/** Compiles only when `T` is `true`: `type _ = Assert<WithinSdkShape<Config, SdkShape>>`. */
export type Assert<T extends true> = T;
