import * as fs from 'fs';
import * as path from 'path';
import { parse } from '@cdktf/hcl2json';
import { type EvaluationContext, evaluateJsonValue, LazyObject } from './hcl-expression';
import {
  type HclObject,
  HclEvaluationError,
  type HclValue,
  hclToString,
  isHclObject,
  Untranslatable,
} from './hcl-values';
import { codePointOrder } from './code-point-order';

/** A Terragrunt `dependency` block of a unit. */
export interface TerragruntDependency {
  /** Its name (`dependency "<name>"`). */
  readonly name: string;
  /** config_path as written, evaluated. */
  readonly configPath: string;
  /** The unit folder it points at, absolute. */
  readonly unitDir: string;
  /** mock_outputs, evaluated. */
  readonly mockOutputs: HclObject;
  /** mock_outputs_allowed_terraform_commands. */
  readonly mockOutputsAllowedCommands: readonly string[];
}

/** A `generate` block: the file Terragrunt writes into the module folder. */
export interface TerragruntGenerateBlock {
  /** File name in the module folder. */
  readonly path: string;
  /** The file's content, evaluated (HCL text). */
  readonly contents: string | Untranslatable;
}

/** A unit's remote_state block, evaluated. */
export interface TerragruntRemoteState {
  /** Backend type, such as s3. */
  readonly backend: string;
  /** Backend settings (bucket, key, region, encrypt, dynamodb_table, use_lockfile...). */
  readonly config: HclObject;
}

/** The hook blocks of a terraform block, as Terragrunt names them. */
export const HOOK_BLOCKS = ['before_hook', 'after_hook', 'error_hook'] as const;

/** A before_hook, after_hook or error_hook block, evaluated as far as it can be. */
export interface TerragruntHook {
  /** Which of the three blocks. */
  readonly block: (typeof HOOK_BLOCKS)[number];
  /** Its label. */
  readonly name: string;
  /** The file it is written in, relative to the live tree's root. */
  readonly file: string;
  /** Its attributes, evaluated; what cannot be evaluated is Untranslatable. */
  readonly attributes: Readonly<Record<string, HclValue>>;
}

/** An extra_arguments block: never translated, only reported. */
export interface TerragruntExtraArguments {
  /** Its label. */
  readonly name: string;
  /** The file it is written in, relative to the live tree's root. */
  readonly file: string;
}

/** A Terragrunt unit (a folder with a terragrunt.hcl that deploys a module), fully evaluated. */
export interface TerragruntUnit {
  /** The unit folder, absolute. */
  readonly dir: string;
  /** The folder relative to the live tree's root, with forward slashes: Terragrunt's path_relative_to_include(). */
  readonly relativePath: string;
  /** terraform.source, evaluated. */
  readonly source?: string;
  /** inputs, merged from the includes and the unit; dependency outputs stay DependencyOutput values. */
  readonly inputs: HclObject;
  /** The unit's own locals. */
  readonly locals: HclObject;
  /** The locals of each included file (the root's), by include name. */
  readonly includedLocals: Readonly<Record<string, HclObject>>;
  /** dependency blocks by name. */
  readonly dependencies: Readonly<Record<string, TerragruntDependency>>;
  /** The remote_state block in force (usually the root's). */
  readonly remoteState?: TerragruntRemoteState;
  /** generate blocks by name. */
  readonly generate: Readonly<Record<string, TerragruntGenerateBlock>>;
  /**
   * The terraform block's hooks, the included files' first; a block of the unit replaces an included one of the same
   * kind and label in place (Terragrunt's merge).
   */
  readonly hooks: readonly TerragruntHook[];
  /** The terraform block's extra_arguments, merged the same way. */
  readonly extraArguments: readonly TerragruntExtraArguments[];
  /** Every file read_terragrunt_config read while evaluating the unit, absolute path -> its locals. */
  readonly readConfigs: ReadonlyMap<string, HclObject>;
  /** The files the unit includes, absolute. */
  readonly includes: readonly string[];
  /** What could not be evaluated, with the file. */
  readonly warnings: readonly string[];
}

/** The raw hcl2json form of a file. */
type RawConfig = Record<string, unknown>;

/** Where an evaluation happens: Terragrunt's own functions answer relative to these folders. */
interface TerragruntScope {
  /** The unit being evaluated (get_terragrunt_dir, find_in_parent_folders start here). */
  readonly unitDir: string;
  /** The file being evaluated. */
  readonly file: string;
  /** The included file's folder, when evaluating an included file or its path (get_parent_terragrunt_dir). */
  readonly includeDir?: string;
}

/**
 * Reads Terragrunt configurations as Terragrunt evaluates them, without running Terragrunt:
 * includes (expose, shallow merge), locals, read_terragrunt_config, find_in_parent_folders,
 * path_relative_to_include, dependency blocks (outputs stay references), remote_state, generate
 * and inputs. What needs AWS or a command (get_aws_account_id, run_cmd) is reported, never guessed.
 */
export class TerragruntReader {
  private readonly raw = new Map<string, Promise<RawConfig>>();
  private readonly readConfigCache = new Map<string, Promise<HclObject>>();

  public constructor(
    /** The live tree's root (path_relative_to_include is relative to the included file, usually here). */
    public readonly root: string,
  ) {}

  /** Every unit under the root: folders whose terragrunt.hcl sets terraform.source or includes another file. */
  public async units(): Promise<TerragruntUnit[]> {
    const { units, failures } = await this.readUnits();
    if (failures.length > 0) throw new HclEvaluationError(failures.map((f) => f.message).join('\n'));
    return units;
  }

  /**
   * Every unit that can be read, and for each that cannot, its terragrunt.hcl and why: one bad unit does not hide the
   * others.
   */
  public async readUnits(): Promise<{
    units: TerragruntUnit[];
    failures: { readonly file: string; readonly message: string }[];
  }> {
    const files = findFiles(this.root, 'terragrunt.hcl').filter((f) => path.dirname(f) !== this.root);
    const units: TerragruntUnit[] = [];
    const failures: { file: string; message: string }[] = [];
    for (const file of files) {
      try {
        const raw = await this.rawConfig(file);
        if (raw.include === undefined && raw.terraform === undefined) continue;
        units.push(await this.unit(path.dirname(file)));
      } catch (error) {
        if (!(error instanceof HclEvaluationError)) throw error;
        failures.push({ file, message: error.message });
      }
    }
    return { units: units.sort((a, b) => codePointOrder(a.relativePath, b.relativePath)), failures };
  }

  /** One unit, evaluated. */
  public async unit(dir: string): Promise<TerragruntUnit> {
    const file = path.join(dir, 'terragrunt.hcl');
    const raw = await this.rawConfig(file);
    const warnings: string[] = [];
    const readConfigs = new Map<string, HclObject>();
    const unitScope: TerragruntScope = { unitDir: dir, file };

    const includeBlocks = labelledBlocks(raw.include, 'root');
    const includes: {
      name: string;
      file: string;
      raw: RawConfig;
      expose: boolean;
      locals: LazyObject;
      scope: TerragruntScope;
      context: () => EvaluationContext;
    }[] = [];
    for (const [name, block] of Object.entries(includeBlocks)) {
      const included = await this.evaluate(block.path, this.context(unitScope, {}, readConfigs, warnings));
      const includedFile = path.resolve(dir, hclToString(included, `${file}: include "${name}" path`));
      if (!fs.existsSync(includedFile))
        throw new HclEvaluationError(`${file}: include "${name}" points at ${includedFile}, which does not exist`);
      const includedRaw = await this.rawConfig(includedFile);
      const scope: TerragruntScope = { unitDir: dir, file: includedFile, includeDir: path.dirname(includedFile) };
      const locals = this.lazyLocals(
        mergedBlocks(includedRaw.locals),
        () => this.context(scope, { local: locals }, readConfigs, warnings),
        `include.${name}.locals`,
      );
      includes.push({
        name,
        file: includedFile,
        raw: includedRaw,
        expose: block.expose === true,
        locals,
        scope,
        context: () => this.context(scope, { local: locals }, readConfigs, warnings),
      });
    }
    const primaryInclude = includes[0];
    const scope: TerragruntScope = {
      ...unitScope,
      ...(primaryInclude ? { includeDir: primaryInclude.scope.includeDir } : {}),
    };

    // Exposed includes: include.<name>.locals / .inputs, read in the unit's expressions.
    const exposed: HclObject = {};
    for (const include of includes.filter((i) => i.expose)) {
      exposed[include.name] = {
        locals: await this.evaluateLocals(include.locals, mergedBlocks(include.raw.locals)),
        inputs: await this.evaluateInputs(include.raw.inputs, include.context(), warnings),
      };
    }

    const dependencyBlocks = {
      ...Object.fromEntries(includes.flatMap((i) => Object.entries(labelledBlocks(i.raw.dependency, '')))),
      ...labelledBlocks(raw.dependency, ''),
    };
    const dependencyNames: HclObject = Object.fromEntries(Object.keys(dependencyBlocks).map((name) => [name, {}]));
    const locals: LazyObject = this.lazyLocals(
      mergedBlocks(raw.locals),
      () =>
        this.context(scope, { local: locals, include: exposed, dependency: dependencyNames }, readConfigs, warnings),
      'local',
    );
    const context = this.context(
      scope,
      { local: locals, include: exposed, dependency: dependencyNames },
      readConfigs,
      warnings,
    );

    const dependencies: Record<string, TerragruntDependency> = {};
    for (const [name, block] of Object.entries(dependencyBlocks)) {
      const configPath = hclToString(
        await this.evaluate(block.config_path, context),
        `${file}: dependency "${name}" config_path`,
      );
      const allowed = await this.evaluate(block.mock_outputs_allowed_terraform_commands ?? [], context);
      dependencies[name] = {
        name,
        configPath,
        unitDir: path.resolve(dir, configPath),
        mockOutputs: asObject(await this.evaluate(block.mock_outputs ?? {}, context)),
        mockOutputsAllowedCommands: Array.isArray(allowed) ? allowed.map((c) => String(c)) : [],
      };
    }

    // Shallow merge, Terragrunt's default: the unit's inputs win key by key; its blocks replace the included ones.
    let inputs: HclObject = {};
    for (const include of includes)
      inputs = { ...inputs, ...(await this.evaluateInputs(include.raw.inputs, include.context(), warnings)) };
    inputs = { ...inputs, ...(await this.evaluateInputs(raw.inputs, context, warnings)) };

    let remoteState: TerragruntRemoteState | undefined;
    let source: string | undefined;
    const generate: Record<string, TerragruntGenerateBlock> = {};
    const hooks: TerragruntHook[] = [];
    const extraArguments: TerragruntExtraArguments[] = [];
    for (const [config, evaluation, configFile] of [
      ...includes.map((i) => [i.raw, i.context(), i.file] as const),
      [raw, context, file] as const,
    ]) {
      const state = firstBlock(config.remote_state);
      if (state) {
        remoteState = {
          backend: hclToString(await this.evaluate(state.backend, evaluation), `${file}: remote_state backend`),
          config: asObject(await this.evaluate(state.config ?? {}, evaluation)),
        };
      }
      const terraform = firstBlock(config.terraform);
      if (terraform?.source !== undefined) {
        const value = await this.evaluate(terraform.source, evaluation);
        if (typeof value === 'string') source = value;
        else
          warnings.push(
            `${file}: terraform.source could not be evaluated ` +
              `(${value instanceof Untranslatable ? value.reason : 'not a string'})`,
          );
      }
      if (terraform) {
        const where = path.relative(this.root, configFile).split(path.sep).join('/');
        const text = fs.readFileSync(configFile, 'utf8');
        for (const block of HOOK_BLOCKS) {
          for (const [name, body] of inDeclarationOrder(labelledBlocks(terraform[block], ''), block, text)) {
            const attributes: Record<string, HclValue> = {};
            for (const [key, value] of Object.entries(body))
              attributes[key] = await this.evaluateOrExplain(value, evaluation);
            replaceOrAppend(
              hooks,
              { block, name, file: where, attributes },
              (h) => h.block === block && h.name === name,
            );
          }
        }
        for (const [name] of inDeclarationOrder(
          labelledBlocks(terraform.extra_arguments, ''),
          'extra_arguments',
          text,
        )) {
          replaceOrAppend(extraArguments, { name, file: where }, (e) => e.name === name);
        }
      }
      for (const [name, block] of Object.entries(labelledBlocks(config.generate, ''))) {
        const contents = await this.evaluate(block.contents ?? '', evaluation);
        generate[name] = {
          path: hclToString(await this.evaluate(block.path, evaluation), `${file}: generate "${name}" path`),
          contents:
            typeof contents === 'string'
              ? contents
              : contents instanceof Untranslatable
                ? contents
                : new Untranslatable('the contents are not a string'),
        };
      }
    }

    return {
      dir,
      relativePath: path.relative(this.root, dir).split(path.sep).join('/'),
      ...(source !== undefined ? { source } : {}),
      inputs,
      locals: await this.evaluateLocals(locals, mergedBlocks(raw.locals)),
      includedLocals: Object.fromEntries(
        await Promise.all(
          includes.map(async (i) => [i.name, await this.evaluateLocals(i.locals, mergedBlocks(i.raw.locals))] as const),
        ),
      ),
      dependencies,
      ...(remoteState ? { remoteState } : {}),
      generate,
      hooks,
      extraArguments,
      readConfigs,
      includes: includes.map((i) => i.file),
      warnings,
    };
  }

  /** The raw hcl2json form of a file, parsed once. */
  public rawConfig(file: string): Promise<RawConfig> {
    if (!this.raw.has(file)) {
      this.raw.set(
        file,
        (async () => {
          if (!fs.existsSync(file)) throw new HclEvaluationError(`${file}: no such file`);
          try {
            return await parse(file, fs.readFileSync(file, 'utf8'));
          } catch (error) {
            throw new HclEvaluationError(`${file}: not valid HCL: ${(error as Error).message}`);
          }
        })(),
      );
    }
    return this.raw.get(file)!;
  }

  private evaluate(value: unknown, context: EvaluationContext): Promise<HclValue> {
    return evaluateJsonValue(value, context);
  }

  /** The value, or what made it impossible to evaluate: one bad attribute of a hook must not stop the migration. */
  private async evaluateOrExplain(value: unknown, context: EvaluationContext): Promise<HclValue> {
    try {
      return await this.evaluate(value, context);
    } catch (error) {
      if (error instanceof HclEvaluationError) return new Untranslatable(error.message);
      throw error;
    }
  }

  private async evaluateInputs(raw: unknown, context: EvaluationContext, warnings: string[]): Promise<HclObject> {
    if (raw === undefined) return {};
    const value = await this.evaluate(raw, context);
    if (!isHclObject(value)) {
      warnings.push(`${context.file}: inputs is not an object`);
      return {};
    }
    return value;
  }

  private lazyLocals(raw: RawConfig, context: () => EvaluationContext, what: string): LazyObject {
    // Evaluation is sequential, so a local requested while it is being evaluated is a cycle.
    const values = new Map<string, HclValue>();
    const inProgress = new Set<string>();
    return new LazyObject(async (key) => {
      if (!(key in raw)) return undefined;
      if (values.has(key)) return values.get(key)!;
      if (inProgress.has(key))
        throw new HclEvaluationError(
          `${context().file}: ${what}.${key} depends on itself (${[...inProgress].join(' -> ')} -> ${key})`,
        );
      inProgress.add(key);
      try {
        const value = await this.evaluate(raw[key], context());
        values.set(key, value);
        return value;
      } finally {
        inProgress.delete(key);
      }
    }, what);
  }

  private async evaluateLocals(locals: LazyObject, raw: RawConfig): Promise<HclObject> {
    const out: HclObject = {};
    for (const key of Object.keys(raw)) out[key] = (await locals.get(key))!;
    return out;
  }

  /** Terragrunt's functions, answered for a unit and the file being evaluated. */
  private context(
    scope: TerragruntScope,
    roots: EvaluationContext['roots'],
    readConfigs: Map<string, HclObject>,
    warnings: string[],
  ): EvaluationContext {
    return {
      file: scope.file,
      roots,
      functions: async (name, args) => {
        const where = `${path.relative(this.root, scope.file) || scope.file}: ${name}()`;
        switch (name) {
          case 'find_in_parent_folders': {
            const wanted = args.length > 0 ? hclToString(args[0]!, where) : 'terragrunt.hcl';
            const found = findInParentFolders(scope.unitDir, wanted);
            if (found) return found;
            if (args.length > 1) return args[1]!;
            throw new HclEvaluationError(`${where}: no ${wanted} in a folder above ${scope.unitDir}`);
          }
          case 'path_relative_to_include':
            return (
              path
                .relative(scope.includeDir ?? this.root, scope.unitDir)
                .split(path.sep)
                .join('/') || '.'
            );
          case 'path_relative_from_include':
            return (
              path
                .relative(scope.unitDir, scope.includeDir ?? this.root)
                .split(path.sep)
                .join('/') || '.'
            );
          case 'get_terragrunt_dir':
          case 'get_original_terragrunt_dir':
            return scope.unitDir;
          case 'get_parent_terragrunt_dir':
            return scope.includeDir ?? scope.unitDir;
          case 'get_repo_root': {
            const git = findInParentFolders(path.join(scope.unitDir, 'x'), '.git');
            return git
              ? path.dirname(git)
              : new Untranslatable(`${where}: ${scope.unitDir} is not inside a git repository`);
          }
          case 'get_env': {
            const variable = hclToString(args[0]!, where);
            const value = process.env[variable];
            if (value !== undefined) {
              warnings.push(
                `${where}: ${variable} was read from this machine's environment ("${value}"); make sure it is what ` +
                  `Terragrunt runs with`,
              );
              return value;
            }
            if (args.length > 1) return args[1]!;
            return new Untranslatable(`${where}: the environment variable ${variable} is not set`);
          }
          case 'read_terragrunt_config': {
            const file = path.resolve(scope.unitDir, hclToString(args[0]!, where));
            if (!fs.existsSync(file) && args.length > 1) return args[1]!;
            const locals = await this.readTerragruntConfig(file);
            readConfigs.set(file, locals);
            return { locals };
          }
          case 'mark_as_read':
            return args[0]!;
          case 'get_terraform_commands_that_need_vars':
          case 'get_terraform_commands_that_need_locking':
          case 'get_terraform_commands_that_need_input':
          case 'get_terraform_commands_that_need_parallelism':
            return [...TERRAFORM_COMMAND_LISTS[name]];
          case 'get_aws_account_id':
          case 'get_aws_caller_identity_arn':
          case 'get_aws_caller_identity_user_id':
          case 'run_cmd':
          case 'sops_decrypt_file':
          case 'get_terraform_command':
          case 'get_terraform_cli_args':
            return new Untranslatable(
              `${where} needs AWS credentials or a command run: write the value it returns into the configuration ` +
                `by hand`,
            );
          default:
            return undefined;
        }
      },
    };
  }

  /** A file read by read_terragrunt_config: its locals, evaluated in its own folder. */
  private readTerragruntConfig(file: string): Promise<HclObject> {
    if (!this.readConfigCache.has(file)) {
      this.readConfigCache.set(
        file,
        (async () => {
          const raw = await this.rawConfig(file);
          const readConfigs = new Map<string, HclObject>();
          const warnings: string[] = [];
          const scope: TerragruntScope = { unitDir: path.dirname(file), file };
          const locals: LazyObject = this.lazyLocals(
            mergedBlocks(raw.locals),
            () => this.context(scope, { local: locals }, readConfigs, warnings),
            'local',
          );
          return this.evaluateLocals(locals, mergedBlocks(raw.locals));
        })(),
      );
    }
    return this.readConfigCache.get(file)!;
  }
}

/** What Terragrunt's get_terraform_commands_that_need_*() return (config/config_helpers.go). */
const TERRAFORM_COMMAND_LISTS: Readonly<Record<string, readonly string[]>> = {
  get_terraform_commands_that_need_vars: ['apply', 'console', 'destroy', 'import', 'plan', 'push', 'refresh'],
  get_terraform_commands_that_need_locking: ['apply', 'destroy', 'import', 'plan', 'refresh', 'taint', 'untaint'],
  get_terraform_commands_that_need_input: ['apply', 'import', 'init', 'plan', 'refresh'],
  get_terraform_commands_that_need_parallelism: ['apply', 'plan', 'destroy'],
};

/**
 * Labelled blocks in the order the file declares them: hcl2json sorts labels, but Terragrunt runs
 * hooks in declaration order. Found by a scan of the text; a label the scan misses goes last.
 */
function inDeclarationOrder<T>(blocks: Record<string, T>, type: string, text: string): [string, T][] {
  const positions = new Map<string, number>();
  for (const match of text.matchAll(new RegExp(`\\b${type}\\s+"((?:[^"\\\\]|\\\\.)*)"\\s*\\{`, 'g')))
    if (!positions.has(match[1]!)) positions.set(match[1]!, match.index);
  const at = (label: string): number => positions.get(label) ?? Number.MAX_SAFE_INTEGER;
  return Object.entries(blocks).sort(([a], [b]) => at(a) - at(b));
}

/** Terragrunt's merge of labelled blocks across includes: the same label replaces in place, a new one is appended. */
function replaceOrAppend<T>(items: T[], item: T, same: (existing: T) => boolean): void {
  const index = items.findIndex(same);
  if (index >= 0) items[index] = item;
  else items.push(item);
}

/** Every file named `name` under `dir`, skipping hidden and Terragrunt cache folders. */
export function findFiles(dir: string, name: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => codePointOrder(a.name, b.name))) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findFiles(full, name));
    else if (entry.name === name) out.push(full);
  }
  return out;
}

/** Terragrunt's find_in_parent_folders: the first `name` in a folder above `dir`. */
function findInParentFolders(dir: string, name: string): string | undefined {
  let current = path.dirname(dir);
  for (;;) {
    const candidate = path.join(current, name);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** Blocks of one type by label; an unlabelled block (legacy `include {}`) gets `unlabelled`. */
function labelledBlocks(raw: unknown, unlabelled: string): Record<string, Record<string, unknown>> {
  if (raw === undefined) return {};
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((block) => [unlabelled, block as Record<string, unknown>]));
  return Object.fromEntries(
    Object.entries(raw as Record<string, unknown>).map(([label, blocks]) => [
      label,
      (Array.isArray(blocks) ? blocks[0] : blocks) as Record<string, unknown>,
    ]),
  );
}

/** The attributes of every block of one type, merged (several `locals` blocks are one namespace). */
function mergedBlocks(raw: unknown): RawConfig {
  if (raw === undefined) return {};
  return Object.assign({}, ...(Array.isArray(raw) ? raw : [raw])) as RawConfig;
}

function firstBlock(raw: unknown): Record<string, unknown> | undefined {
  if (raw === undefined) return undefined;
  return (Array.isArray(raw) ? raw[0] : raw) as Record<string, unknown>;
}

function asObject(value: HclValue): HclObject {
  return isHclObject(value) ? value : {};
}
