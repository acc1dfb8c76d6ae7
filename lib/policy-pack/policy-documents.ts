import type { JsonObject, SynthesizedResource } from './synthesized-stack';
import { blocksOf, isExpression, isObject, listOf, literalText, parseJsonArgument } from './terraform-values';

/** One statement of an IAM policy, whichever way it was written (JSON or an aws_iam_policy_document block). */
export interface StatementView {
  /** Where the statement sits, such as `policy.Statement[2]` or `statement[0]`. */
  readonly attribute: string;
  /** Allow or Deny. */
  readonly effect: 'Allow' | 'Deny';
  /** Action. */
  readonly actions: readonly string[];
  /** NotAction: everything except these. */
  readonly notActions: readonly string[];
  /** Resource. */
  readonly resources: readonly string[];
  /** NotResource: everything except these. */
  readonly notResources: readonly string[];
  /** Principals as `<type>:<identifier>`, such as `AWS:*` or `Service:s3.amazonaws.com`; `*` for `"Principal": "*"`. */
  readonly principals: readonly string[];
  /** Condition keys by operator, such as `{ Bool: { 'aws:SecureTransport': ['false'] } }`. */
  readonly conditions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** A policy document of a resource: its statements, or why they cannot be read at synth. */
export interface PolicyView {
  /** The argument holding the document, such as `policy` or `inline_policy[0].policy`. */
  readonly attribute: string;
  /** Statements, when the document could be read. */
  readonly statements?: readonly StatementView[];
  /** Set when the document is a Terraform expression: what it is. */
  readonly unreadable?: string;
}

/** Resource types whose `policy` argument is an identity policy (what a role, user or group may do). */
const IDENTITY_POLICY_TYPES = ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'];

/** Resource types whose `policy` argument is an SQS queue policy. */
export const QUEUE_POLICY_TYPES = ['aws_sqs_queue_policy', 'aws_sqs_queue'];

/**
 * The identity policies of a resource: inline and standalone policies, a role's inline_policy
 * blocks, and aws_iam_policy_document data sources (whose JSON the others then reference).
 */
export function identityPoliciesOf(resource: SynthesizedResource): PolicyView[] {
  if (resource.mode === 'data') {
    return resource.type === 'aws_iam_policy_document'
      ? [{ attribute: 'statement', statements: policyDocumentDataStatements(resource.values) }]
      : [];
  }
  if (IDENTITY_POLICY_TYPES.includes(resource.type)) return [documentView('policy', resource.values.policy)];
  if (resource.type === 'aws_iam_role') {
    return blocksOf(resource.values.inline_policy).flatMap((block, i) =>
      block.policy === undefined ? [] : [documentView(`inline_policy[${i}].policy`, block.policy)],
    );
  }
  return [];
}

/** The queue policy of an aws_sqs_queue_policy, or an aws_sqs_queue's own `policy` argument. */
export function queuePolicyOf(resource: SynthesizedResource): PolicyView | undefined {
  if (
    resource.mode !== 'managed' ||
    !QUEUE_POLICY_TYPES.includes(resource.type) ||
    resource.values.policy === undefined
  )
    return undefined;
  return documentView('policy', resource.values.policy);
}

/** Whether the statement's actions include `action` (`iam:PassRole`), through wildcards or NotAction. */
export function grantsAction(statement: StatementView, action: string): boolean {
  if (statement.notActions.length > 0) return !statement.notActions.some((pattern) => actionMatches(pattern, action));
  return statement.actions.some((pattern) => actionMatches(pattern, action));
}

/** `*` or `<service>:*`: every action, or every action of a service. */
export function isWildcardAction(action: string): boolean {
  return action === '*' || /^[A-Za-z0-9-]+:\*$/.test(action);
}

/** Whether a principal is anyone: `"*"` or `{"AWS": "*"}`. */
export function isAnyPrincipal(principal: string): boolean {
  return principal === '*' || principal === 'AWS:*' || principal === '*:*';
}

/** Whether a resource ARN holds a wildcard outside `${...}` references. */
export function hasWildcard(resource: string): boolean {
  return literalText(resource).includes('*');
}

function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return regex.test(action);
}

/**
 * A policy given as a JSON string. A reference to an aws_iam_policy_document's JSON is read
 * through that data source (checked as a resource of its own); any other expression cannot be
 * read until Terraform evaluates it.
 */
function documentView(attribute: string, value: unknown): PolicyView {
  if (typeof value === 'string' && /^\$\{data\.aws_iam_policy_document\.[A-Za-z0-9_-]+\.json\}$/.test(value))
    return { attribute, statements: [] };
  const parsed = parseJsonArgument(value);
  if (!isObject(parsed)) {
    return {
      attribute,
      unreadable: isExpression(value) ? 'a Terraform expression, unknown until apply' : 'not a JSON policy document',
    };
  }
  const statements = listOf(parsed.Statement).filter(isObject);
  return { attribute, statements: statements.map((s, i) => jsonStatement(`${attribute}.Statement[${i}]`, s)) };
}

function jsonStatement(attribute: string, s: JsonObject): StatementView {
  return {
    attribute,
    effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
    actions: strings(s.Action),
    notActions: strings(s.NotAction),
    resources: strings(s.Resource),
    notResources: strings(s.NotResource),
    principals: jsonPrincipals(s.Principal),
    conditions: jsonConditions(s.Condition),
  };
}

function jsonPrincipals(value: unknown): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value === '*' ? '*' : `AWS:${value}`];
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([type, ids]) => strings(ids).map((id) => `${type}:${id}`));
}

function jsonConditions(value: unknown): Record<string, Record<string, string[]>> {
  if (!isObject(value)) return {};
  return Object.fromEntries(
    Object.entries(value).map(([operator, keys]) => [
      operator,
      isObject(keys) ? Object.fromEntries(Object.entries(keys).map(([key, v]) => [key, strings(v)])) : {},
    ]),
  );
}

function policyDocumentDataStatements(values: JsonObject): StatementView[] {
  return blocksOf(values.statement).map((s, i) => {
    const conditions: Record<string, Record<string, string[]>> = {};
    for (const condition of blocksOf(s.condition)) {
      const operator = String(condition.test);
      conditions[operator] = {
        ...(conditions[operator] ?? {}),
        [String(condition.variable)]: strings(condition.values),
      };
    }
    return {
      attribute: `statement[${i}]`,
      effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
      actions: strings(s.actions),
      notActions: strings(s.not_actions),
      resources: strings(s.resources),
      notResources: strings(s.not_resources),
      principals: blocksOf(s.principals).flatMap((p) =>
        strings(p.identifiers).map((id) => (p.type === '*' ? '*' : `${String(p.type)}:${id}`)),
      ),
      conditions,
    };
  });
}

function strings(value: unknown): string[] {
  return listOf(value).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
}
