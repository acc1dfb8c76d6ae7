import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../deployment/synth-target';

/**
 * Go's garbage collector target for Terraform and the providers it starts (they inherit it). The
 * AWS provider builds ~600 MB of schemas at every start, three starts per plan: at GOGC=400 a plan
 * of one stack took 10-11 CPU-seconds instead of 14-16 (measured on this project's dev-iam, 2-core
 * machine), for ~140 MB more peak memory per process. A GOGC the caller sets wins.
 */
const TERRAFORM_GOGC = '400';

/**
 * The environment every Terraform command of the project runs with. When TF_PROVIDER_MIRROR names
 * a provider mirror folder (air-gapped machines), a CLI config installing providers only from it
 * is written and used, overriding TF_CLI_CONFIG_FILE. Every stack shares one plugin cache, so a
 * provider is linked into each stack, not copied (hashicorp/aws is about 700 MB).
 *
 * TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: a stack folder synthesized afresh has no lock
 * file, and without one Terraform 1.11 installs the provider into the cache again at every init,
 * removing the cache entry and writing it back; a plan starting in another stack meanwhile fails
 * with "fork/exec .terraform/providers/...: no such file or directory" (seen in this project's
 * tests: one stack's init beside another's plan). With the setting, an init links what the cache
 * holds. The lock files it writes are the same (h1 hashes of the installed package); they live in
 * cdktf.out, which every synth replaces, so no committed lock file is at stake. A caller's own value
 * wins (Terraform reads any non-empty value as on; empty turns it off).
 */
export function terraformEnvironment(projectRoot: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const cacheDir = path.join(projectRoot, '.tf-cache');
  const pluginCache = path.join(cacheDir, 'plugins');
  fs.mkdirSync(pluginCache, { recursive: true });
  const out: NodeJS.ProcessEnv = {
    ...env,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    GOGC: env.GOGC ?? TERRAFORM_GOGC,
    TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: env.TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE ?? 'true',
  };
  const mirror = env.TF_PROVIDER_MIRROR;
  if (mirror) {
    if (!fs.existsSync(mirror) || !fs.statSync(mirror).isDirectory()) {
      throw new UsageError(
        `TF_PROVIDER_MIRROR is "${mirror}", which is not a folder; allowed: a provider mirror folder holding ` +
          `registry.terraform.io/<namespace>/<type>/<version>/<os_arch>/`,
      );
    }
    out.TF_CLI_CONFIG_FILE = writeIfChanged(
      path.join(cacheDir, 'terraform-mirror.tfrc'),
      mirrorConfig(path.resolve(mirror), pluginCache),
    );
  } else if (!env.TF_CLI_CONFIG_FILE || !fs.existsSync(env.TF_CLI_CONFIG_FILE)) {
    // A TF_CLI_CONFIG_FILE that does not exist makes every command print a warning: replace it.
    out.TF_CLI_CONFIG_FILE = writeIfChanged(
      path.join(cacheDir, 'terraform.tfrc'),
      `plugin_cache_dir = ${hclString(pluginCache)}\n`,
    );
  } else if (!env.TF_PLUGIN_CACHE_DIR) {
    out.TF_PLUGIN_CACHE_DIR = pluginCache;
  }
  return out;
}

/** A CLI config that installs every provider from `mirror` and nothing from the network. */
export function mirrorConfig(mirror: string, pluginCache: string): string {
  return [
    `plugin_cache_dir = ${hclString(pluginCache)}`,
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${hclString(mirror)}`,
    '    include = ["registry.terraform.io/*/*"]',
    '  }',
    '  direct {',
    '    exclude = ["registry.terraform.io/*/*"]',
    '  }',
    '}',
    '',
  ].join('\n');
}

function hclString(value: string): string {
  return JSON.stringify(value)
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
}

/** Writes through a temporary file and a rename, so parallel runs never read half a file. */
function writeIfChanged(file: string, content: string): string {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) return file;
  const temporary = `${file}.${process.pid}`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
  return file;
}
