/** One statement of an IAM policy. */
export interface PolicyStatement {
  /** Statement id: says what the statement is for. */
  readonly sid: string;
  /** Allow (default) or Deny. */
  readonly effect?: 'Allow' | 'Deny';
  /** `*` principal, for resource policies only. */
  readonly anyPrincipal?: boolean;
  /** Service principals, for resource policies only. */
  readonly servicePrincipals?: readonly string[];
  /** Actions, such as `sqs:SendMessage`. */
  readonly actions: readonly string[];
  /** Resource ARNs. */
  readonly resources: readonly string[];
  /** Conditions by operator and key, such as `{ Bool: { 'aws:SecureTransport': 'false' } }`. */
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** Renders statements as a policy document; actions and resources sorted, so output is stable. */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map((s) => ({
      Sid: s.sid,
      Effect: s.effect ?? 'Allow',
      Principal: s.servicePrincipals ? { Service: unique(s.servicePrincipals) } : s.anyPrincipal ? '*' : undefined,
      Action: unique(s.actions),
      Resource: unique(s.resources),
      Condition: s.conditions,
    })),
  });
}

function unique(values: readonly string[]): string | string[] {
  const sorted = [...new Set(values)].sort();
  return sorted.length === 1 ? sorted[0]! : sorted;
}
