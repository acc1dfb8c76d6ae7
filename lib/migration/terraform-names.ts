/**
 * Terraform names (and batch-json keys) for existing resources, from their AWS names without the
 * environment's prefix, so that every environment of a tree names the same resource alike
 * (`gss-dev-batch-queue` and `gss-prod-batch-queue` are both `batch_queue`).
 */
export class TerraformNames {
  private readonly taken = new Set<string>();

  public constructor(
    /** The environment's name prefix, such as `gss-dev`. */
    private readonly prefix: string | undefined,
  ) {}

  /** A unique Terraform name for an AWS name; `fallback` (the kind of resource) when nothing usable is left of it. */
  public of(awsName: string, fallback: string): string {
    let base = withoutPrefix(awsName, this.prefix)
      // The unique suffix Terraform gives a name_prefix (a timestamp and a counter) differs in every environment.
      .replace(/-?\d{26}$/, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '');
    if (!/^[a-z]/.test(base)) base = base === '' ? fallback : `${fallback}_${base}`;
    base = base.slice(0, 56);
    // Taken by a resource of another kind (a job definition and its log group): say which kind this one is.
    let name = this.taken.has(base) && !base.endsWith(fallback) ? `${base}_${fallback}` : base;
    for (let i = 2; this.taken.has(name); i++) name = `${base}_${i}`;
    this.taken.add(name);
    return name;
  }
}

/** An AWS name without the environment's prefix (and the separator after it). */
export function withoutPrefix(name: string, prefix: string | undefined): string {
  const withoutPath = name.replace(/^.*\//, '');
  if (prefix && withoutPath.startsWith(prefix)) return withoutPath.slice(prefix.length).replace(/^[-_./]+/, '');
  return withoutPath;
}

/**
 * The prefix most names of an environment share, cut at a separator (`gss-dev-batch-queue` →
 * `gss-dev`): what a module that takes only a name prefix put before every name. Most, not all:
 * a policy named after its role's purpose (`processing-job`) need not carry it.
 */
export function commonNamePrefix(names: readonly string[]): string | undefined {
  const plain = names.map((n) => n.replace(/^.*\//, '')).filter((n) => n.length > 0);
  if (plain.length < 2) return undefined;
  const counts = new Map<string, number>();
  for (const name of plain) {
    const seen = new Set<string>();
    for (const match of name.matchAll(/[-_]/g)) seen.add(name.slice(0, match.index));
    for (const prefix of seen) counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
  }
  const enough = Math.max(2, Math.ceil(plain.length * 0.6));
  return [...counts]
    .filter(([prefix, count]) => count >= enough && prefix.length > 0)
    .sort((a, b) => b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1))[0]?.[0];
}
