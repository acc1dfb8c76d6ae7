import { getExpressionAst, type TFExpressionSyntaxTree } from '@cdktf/hcl2json';
import * as path from 'path';
import { callFunction, readText } from './hcl-functions';
import {
  DependencyOutput,
  describe,
  type HclObject,
  HclEvaluationError,
  type HclValue,
  hclToString,
  isHclObject,
  Untranslatable,
} from './hcl-values';

type Ast = TFExpressionSyntaxTree.ExpressionType;
type Traversal = TFExpressionSyntaxTree.TerraformTraversalPart;

/**
 * A root name whose attributes are computed on first use, such as `local` (locals may refer to each other in any
 * order).
 */
export class LazyObject {
  public constructor(
    /** Computes one attribute; undefined when there is none. */
    public readonly get: (key: string) => Promise<HclValue | undefined>,
    /** What it is, for messages ("local", "include.root"). */
    public readonly what: string,
  ) {}
}

/** What an expression may name: root variables (`local`, `include`, `dependency`...) and functions. */
export interface EvaluationContext {
  /** File the expression is in, for messages. */
  readonly file: string;
  /** Root variables; a missing root is an error. */
  readonly roots: Readonly<Record<string, HclValue | LazyObject>>;
  /**
   * Functions beyond Terraform's, such as Terragrunt's find_in_parent_folders; undefined to fall back to Terraform's.
   */
  readonly functions?: (name: string, args: HclValue[]) => Promise<HclValue | undefined>;
}

/**
 * Evaluates a value as hcl2json returns it: strings holding `${...}` or `%{...}` are HCL
 * templates (a lone `${expr}` keeps the expression's type), objects and lists are walked.
 */
export async function evaluateJsonValue(value: unknown, context: EvaluationContext): Promise<HclValue> {
  if (typeof value === 'string')
    return /\$\{|%\{/.test(value) ? evaluateExpression(hclTemplateSource(value), context) : value;
  if (Array.isArray(value)) {
    const out: HclValue[] = [];
    for (const item of value) out.push(await evaluateJsonValue(item, context));
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const out: HclObject = {};
    for (const [key, item] of Object.entries(value)) out[key] = await evaluateJsonValue(item, context);
    return out;
  }
  if (value === undefined) return null;
  return value as HclValue;
}

/** Evaluates HCL expression source text, such as `"${local.a}-b"` or `merge(local.x, {})`. */
export async function evaluateExpression(source: string, context: EvaluationContext): Promise<HclValue> {
  let ast: Ast | null;
  try {
    ast = await parsedExpression(source);
  } catch (error) {
    throw new HclEvaluationError(`${context.file}: cannot parse ${abbreviate(source)}: ${(error as Error).message}`);
  }
  if (!ast) throw new HclEvaluationError(`${context.file}: cannot parse ${abbreviate(source)}`);
  return new Evaluator(source, context, new Map()).evaluate(ast);
}

/**
 * Parsed expressions by source text: every unit evaluates the files it includes, so the same
 * expressions come again and again, and each parse is a call into hcl2json's WebAssembly.
 */
const parsedExpressions = new Map<string, Promise<Ast | null>>();

function parsedExpression(source: string): Promise<Ast | null> {
  let parsed = parsedExpressions.get(source);
  if (!parsed) {
    parsed = getExpressionAst('expression.hcl', source);
    parsedExpressions.set(source, parsed);
    // A failed parse is not kept: its message names the file it came from.
    parsed.catch(() => parsedExpressions.delete(source));
  }
  return parsed;
}

/** Walks one parsed expression; `bindings` are the variables of enclosing for expressions. */
class Evaluator {
  private readonly bytes: Buffer;

  public constructor(
    private readonly source: string,
    private readonly context: EvaluationContext,
    private readonly bindings: ReadonlyMap<string, HclValue>,
  ) {
    this.bytes = Buffer.from(source, 'utf8');
  }

  public async evaluate(node: Ast): Promise<HclValue> {
    switch (node.type) {
      case 'templateWrap':
        return this.evaluate(node.children[0]!);
      // A parenthesized expression (an object key or a for expression's key in parentheses) wraps its expression.
      case '' as never:
        if (node.children.length === 1) return this.evaluate(node.children[0]!);
        return new Untranslatable(`the expression ${abbreviate(this.text(node))} is not supported by the migration`);
      case 'template': {
        const parts = await this.all(node.children);
        const marker = parts.find((p) => p instanceof DependencyOutput || p instanceof Untranslatable);
        if (marker instanceof Untranslatable) return marker;
        if (marker instanceof DependencyOutput)
          return new Untranslatable(`${marker.toString()} inside the string ${abbreviate(this.text(node))}`);
        return parts.map((p) => hclToString(p, `${this.context.file}: ${abbreviate(this.text(node))}`)).join('');
      }
      case 'literalValue':
        return literal(node.meta.type, node.meta.value);
      case 'scopeTraversal':
        return this.traverseScope(node.meta.traversal, node);
      case 'relativeTraversal':
        return this.traverse(await this.evaluate(node.children[0]!), node.meta.traversal, this.text(node));
      case 'index': {
        const [collection, key] = await this.all(node.children.slice(0, 2));
        return this.index(collection, key, this.text(node));
      }
      case 'tuple':
        return this.all(node.children);
      case 'object':
        return this.object(node);
      case 'function':
        return this.call(node);
      case 'conditional': {
        const condition = await this.evaluate(node.children[0]!);
        if (condition instanceof Untranslatable || condition instanceof DependencyOutput)
          return new Untranslatable(`the condition of ${abbreviate(this.text(node))} is not known statically`);
        return this.evaluate(node.children[condition === true || condition === 'true' ? 1 : 2]!);
      }
      case 'binaryOp':
        return this.binary(node);
      case 'unaryOp': {
        const value = await this.evaluate(node.children[0]!);
        if (value instanceof Untranslatable || value instanceof DependencyOutput)
          return new Untranslatable(`${abbreviate(this.text(node))} depends on an unknown value`);
        return node.meta.operator === 'logicalNot' ? !(value === true || value === 'true') : -Number(value);
      }
      case 'for':
        return this.forExpression(node);
      default:
        return new Untranslatable(
          `the ${node.type} expression ${abbreviate(this.text(node))} is not supported by the migration`,
        );
    }
  }

  /** Children one after the other: lazily evaluated locals detect cycles by what is in progress. */
  private async all(nodes: readonly Ast[]): Promise<HclValue[]> {
    const out: HclValue[] = [];
    for (const node of nodes) out.push(await this.evaluate(node));
    return out;
  }

  private text(node: Ast): string {
    return this.bytes.subarray(node.range.start.byte, node.range.end.byte).toString('utf8');
  }

  private async traverseScope(traversal: readonly Traversal[], node: Ast): Promise<HclValue> {
    const [root, ...rest] = traversal;
    const name = root!.segment;
    if (this.bindings.has(name)) return this.traverse(this.bindings.get(name)!, rest, this.text(node));
    if (name === 'dependency') return this.dependencyReference(rest, node);
    const value = this.context.roots[name];
    if (value === undefined)
      throw new HclEvaluationError(
        `${this.context.file}: ${abbreviate(this.text(node))} names "${name}", which is not available here`,
      );
    if (value instanceof LazyObject) {
      if (rest.length === 0)
        return new Untranslatable(`the whole ${value.what} object is not supported, only its attributes`);
      const key = stepKey(rest[0]!);
      const first = await value.get(String(key));
      if (first === undefined)
        throw new HclEvaluationError(
          `${this.context.file}: ${value.what} has no attribute "${key}" (${abbreviate(this.text(node))})`,
        );
      return this.traverse(first, rest.slice(1), this.text(node));
    }
    return this.traverse(value, rest, this.text(node));
  }

  /** `dependency.<name>.outputs.<path>` stays a reference: the translation maps it to the stack graph. */
  private dependencyReference(rest: readonly Traversal[], node: Ast): HclValue {
    const [name, outputs, ...path] = rest;
    if (!name || outputs?.segment !== 'outputs' || path.length === 0)
      return new Untranslatable(`${abbreviate(this.text(node))} is not a dependency output`);
    const declared = this.context.roots.dependency;
    if (isHclObject(declared as HclValue) && !(String(stepKey(name)) in (declared as HclObject))) {
      throw new HclEvaluationError(
        `${this.context.file}: ${abbreviate(this.text(node))} names the dependency "${stepKey(name)}", which no ` +
          `dependency block declares`,
      );
    }
    return new DependencyOutput(String(stepKey(name)), path.map(stepKey));
  }

  private traverse(start: HclValue, steps: readonly Traversal[], text: string): HclValue {
    let value = start;
    for (const step of steps) {
      if (value instanceof DependencyOutput) {
        value = new DependencyOutput(value.dependency, [...value.path, stepKey(step)]);
        continue;
      }
      value = this.index(value, stepKey(step), text);
    }
    return value;
  }

  private index(collection: HclValue, key: HclValue, text: string): HclValue {
    if (collection instanceof Untranslatable) return collection;
    if (collection instanceof DependencyOutput && (typeof key === 'string' || typeof key === 'number'))
      return new DependencyOutput(collection.dependency, [...collection.path, key]);
    if (key instanceof Untranslatable || key instanceof DependencyOutput)
      return new Untranslatable(`the key of ${abbreviate(text)} is not known statically`);
    if (Array.isArray(collection)) {
      const i = Number(key);
      if (!Number.isInteger(i) || i < 0 || i >= collection.length)
        throw new HclEvaluationError(
          `${this.context.file}: ${abbreviate(text)}: ` +
            `index ${describe(key)} out of range (${collection.length} elements)`,
        );
      return collection[i]!;
    }
    if (isHclObject(collection)) {
      const k = hclToString(key, text);
      if (!(k in collection))
        throw new HclEvaluationError(
          `${this.context.file}: ${abbreviate(text)}: ` +
            `no key "${k}" (keys: ${Object.keys(collection).join(', ') || 'none'})`,
        );
      return collection[k]!;
    }
    throw new HclEvaluationError(`${this.context.file}: ${abbreviate(text)}: cannot index ${describe(collection)}`);
  }

  private async object(node: Ast): Promise<HclValue> {
    const out: HclObject = {};
    for (let i = 0; i + 1 < node.children.length; i += 2) {
      const keyNode = node.children[i]!;
      const keyText = this.text(keyNode).trim();
      let key: HclValue;
      // A bare name is the key itself; a parenthesized key is an expression (its node wraps it).
      if (keyNode.type === ('' as never) && keyNode.children.length === 0 && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(keyText))
        key = keyText;
      else key = await this.evaluate(keyNode);
      if (key instanceof Untranslatable || key instanceof DependencyOutput)
        return new Untranslatable(`the key ${keyText} of an object is not known statically`);
      out[hclToString(key, keyText)] = await this.evaluate(node.children[i + 1]!);
    }
    return out;
  }

  private async call(node: Ast & { meta: TFExpressionSyntaxTree.FunctionCallMeta }): Promise<HclValue> {
    const name = node.meta.name;
    // try() and can() see their arguments fail; every other function gets values.
    if (name === 'try' || name === 'can') {
      for (const child of node.children) {
        try {
          const value = await this.evaluate(child);
          if (value instanceof Untranslatable && name === 'try') continue;
          return name === 'can' ? !(value instanceof Untranslatable) : value;
        } catch (error) {
          if (!(error instanceof HclEvaluationError)) throw error;
          if (name === 'can') return false;
        }
      }
      if (name === 'can') return false;
      throw new HclEvaluationError(
        `${this.context.file}: no argument of ${abbreviate(this.text(node))} could be evaluated`,
      );
    }
    if (name === 'templatefile') return this.templateFile(node);
    let args = await this.all(node.children);
    if (node.meta.expandedFinalArgument && args.length > 0) {
      const last = args[args.length - 1]!;
      if (!Array.isArray(last))
        return new Untranslatable(`the expanded argument of ${abbreviate(this.text(node))} is not a list`);
      args = [...args.slice(0, -1), ...last];
    }
    const custom = this.context.functions ? await this.context.functions(name, args) : undefined;
    if (custom !== undefined) return custom;
    return callFunction(
      name,
      args,
      `${this.context.file}: ${abbreviate(this.text(node))}`,
      path.dirname(this.context.file),
    );
  }

  /** templatefile(path, vars): the file as a template whose names are the variables given. */
  private async templateFile(node: Ast): Promise<HclValue> {
    const where = `${this.context.file}: ${abbreviate(this.text(node))}`;
    const [file, vars] = await this.all(node.children.slice(0, 2));
    if (typeof file !== 'string') return new Untranslatable(`${where}: the template's path is not known statically`);
    if (vars !== undefined && !isHclObject(vars))
      return new Untranslatable(`${where}: the template's variables are not known statically`);
    const text = readText(path.resolve(path.dirname(this.context.file), file), where);
    return evaluateExpression(hclTemplateSource(text), {
      file: path.resolve(path.dirname(this.context.file), file),
      roots: { ...((vars as HclObject | undefined) ?? {}) },
    });
  }

  private async binary(node: Ast & { meta: TFExpressionSyntaxTree.BinaryOpExpressionMeta }): Promise<HclValue> {
    const [a, b] = (await this.all(node.children.slice(0, 2))) as [HclValue, HclValue];
    const op = node.meta.operator;
    if ([a, b].some((v) => v instanceof Untranslatable || v instanceof DependencyOutput))
      return new Untranslatable(`${abbreviate(this.text(node))} depends on a value not known statically`);
    const truthy = (v: HclValue): boolean => v === true || v === 'true';
    switch (op) {
      case 'equal':
        return JSON.stringify(a) === JSON.stringify(b);
      case 'notEqual':
        return JSON.stringify(a) !== JSON.stringify(b);
      case 'logicalAnd':
        return truthy(a) && truthy(b);
      case 'logicalOr':
        return truthy(a) || truthy(b);
      case 'lessThan':
        return Number(a) < Number(b);
      case 'greaterThan':
        return Number(a) > Number(b);
      case 'lessThanOrEqual':
        return Number(a) <= Number(b);
      case 'greaterThanOrEqual':
        return Number(a) >= Number(b);
      case 'add':
        return Number(a) + Number(b);
      case 'subtract':
        return Number(a) - Number(b);
      case 'multiply':
        return Number(a) * Number(b);
      case 'divide':
        return Number(a) / Number(b);
      case 'modulo':
        return Number(a) % Number(b);
      default:
        return new Untranslatable(`the operator ${op} is not supported by the migration`);
    }
  }

  private async forExpression(node: Ast & { meta: TFExpressionSyntaxTree.ForExpressionMeta }): Promise<HclValue> {
    const objectResult = node.meta.value.trimStart().startsWith('{');
    const hasCondition = (node.meta.conditionalExpression ?? '') !== '';
    const [collectionNode, ...rest] = node.children;
    const keyNode = objectResult ? rest[0] : undefined;
    const valueNode = objectResult ? rest[1]! : rest[0]!;
    const conditionNode = hasCondition ? rest[rest.length - 1] : undefined;
    const collection = await this.evaluate(collectionNode!);
    if (!Array.isArray(collection) && !isHclObject(collection))
      return new Untranslatable(`the collection of ${abbreviate(this.text(node))} is not known statically`);
    const entries: [HclValue, HclValue][] = Array.isArray(collection)
      ? collection.map((v, i) => [i, v])
      : Object.keys(collection)
          .sort()
          .map((k) => [k, collection[k]!]);
    const list: HclValue[] = [];
    const object: Record<string, HclValue[] | HclValue> = {};
    for (const [key, value] of entries) {
      const bindings = new Map(this.bindings);
      if (node.meta.keyVar) bindings.set(node.meta.keyVar, key);
      bindings.set(node.meta.valVar, value);
      const inner = new Evaluator(this.source, this.context, bindings);
      if (conditionNode) {
        const keep = await inner.evaluate(conditionNode);
        if (keep instanceof Untranslatable || keep instanceof DependencyOutput)
          return new Untranslatable(`the condition of ${abbreviate(this.text(node))} is not known statically`);
        if (!(keep === true || keep === 'true')) continue;
      }
      const item = await inner.evaluate(valueNode);
      if (!objectResult) {
        list.push(item);
        continue;
      }
      const k = hclToString(await inner.evaluate(keyNode!), this.text(node));
      if (node.meta.groupedValue) object[k] = [...((object[k] as HclValue[] | undefined) ?? []), item];
      else if (k in object)
        throw new HclEvaluationError(`${this.context.file}: ${abbreviate(this.text(node))}: duplicate key "${k}"`);
      else object[k] = item;
    }
    return objectResult ? (object as HclObject) : list;
  }
}

function stepKey(step: Traversal): string | number {
  if (step.type === 'nameTraversal') return step.segment;
  const segment = step.segment.trim();
  if (/^-?\d+$/.test(segment)) return Number(segment);
  return segment.startsWith('"') ? (JSON.parse(segment) as string) : segment;
}

function literal(type: string, value: string): HclValue {
  switch (type) {
    case 'number':
      return Number(value);
    case 'bool':
      return value === 'true';
    case 'null':
    case 'dynamic':
      return null;
    default:
      return decodeQuotedLiteral(value);
  }
}

/** The AST gives a literal part of a quoted template as written: decode its escapes. */
function decodeQuotedLiteral(raw: string): string {
  return raw.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|\$\$\{|%%\{/g, (whole, escape: string | undefined) => {
    if (whole === '$${') return '${';
    if (whole === '%%{') return '%{';
    if (escape!.length > 1) return String.fromCodePoint(parseInt(escape!.slice(1), 16));
    return { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' }[escape!] ?? escape!;
  });
}

function abbreviate(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 100 ? `${oneLine.slice(0, 97)}...` : oneLine;
}

/**
 * A decoded template (as hcl2json gives strings) written back as an HCL quoted template: the
 * literal parts escaped, the `${...}` and `%{...}` parts kept as they are (their quotes are HCL's).
 */
export function hclTemplateSource(text: string): string {
  let out = '"';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i) || text.startsWith('%%{', i)) {
      out += text.slice(i, i + 3);
      i += 3;
    } else if (text.startsWith('${', i) || text.startsWith('%{', i)) {
      const end = skipInterpolation(text, i + 2);
      out += text.slice(i, end);
      i = end;
    } else {
      const c = text[i]!;
      out += c === '"' ? '\\"' : c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : c;
      i++;
    }
  }
  return `${out}"`;
}

/** The index just after the `}` that closes an interpolation whose body starts at `i`. */
function skipInterpolation(text: string, i: number): number {
  let depth = 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') i = skipQuoted(text, i + 1);
    else {
      if (c === '{') depth++;
      if (c === '}' && --depth === 0) return i + 1;
      i++;
    }
  }
  return text.length;
}

/** The index just after the `"` that closes a quoted string (inside an interpolation) whose body starts at `i`. */
function skipQuoted(text: string, i: number): number {
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else if (text.startsWith('${', i) || text.startsWith('%{', i)) i = skipInterpolation(text, i + 2);
    else i++;
  }
  return text.length;
}
