import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SWAP_STEPS, type SwapStep, versionsFolder, writeAtomically } from '../../../lib/synthesis/versioned-outdir';
import { linkWorkingData, workingDataRoot } from '../../../lib/terraform-cli/working-data';
import { PROJECT_ROOT } from '../../support/config-fixture';

jest.setTimeout(120_000);

const SWAP_MODULE = path.join(PROJECT_ROOT, 'lib', 'synthesis', 'versioned-outdir.ts');
const WORKING_DATA_MODULE = path.join(PROJECT_ROOT, 'lib', 'terraform-cli', 'working-data.ts');

/** Writes a synth output in the shape cdktf gives it: a manifest naming one stack, and the stack, tagged `label`. */
function writeOutput(dir: string, label: string): void {
  fs.mkdirSync(path.join(dir, 'stacks', 'dev-iam'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'stacks', 'dev-iam', 'cdk.tf.json'),
    JSON.stringify({ '//': { label, platform: { synth_mode: 'offline' } }, terraform: { backend: { local: {} } } }),
  );
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ label }));
}

/**
 * Runs the swap of a new output labelled `label` in a child process that SIGKILLs itself right
 * after `killAt` (a step of the swap, or "mid-write": half-way through writing the output).
 */
function swapInChild(outdir: string, label: string, killAt: SwapStep | 'mid-write', umask = 0o022): number | null {
  const script = `
    process.umask(${umask});
    const fs = require('fs');
    const path = require('path');
    const { writeAtomically } = require(${JSON.stringify(SWAP_MODULE)});
    const { linkWorkingData } = require(${JSON.stringify(WORKING_DATA_MODULE)});
    const kill = () => process.kill(process.pid, 'SIGKILL');
    writeAtomically(${JSON.stringify(outdir)}, (dir) => {
      fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ label: ${JSON.stringify(label)} }));
      if (${JSON.stringify(killAt)} === 'mid-write') kill();
      fs.mkdirSync(path.join(dir, 'stacks', 'dev-iam'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'stacks', 'dev-iam', 'cdk.tf.json'), JSON.stringify({
        '//': { label: ${JSON.stringify(label)}, platform: { synth_mode: 'offline' } },
        terraform: { backend: { local: {} } },
      }));
      linkWorkingData(dir, ${JSON.stringify(outdir)});
    }, { onStep: (step) => { if (step === ${JSON.stringify(killAt)}) kill(); } });
  `;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  if (result.signal !== 'SIGKILL') throw new Error(`the swap was not stopped at ${killAt}: ${result.stderr}`);
  return result.status;
}

/** The label of the output `outdir` shows now, checking that it is whole: manifest, stack, working data. */
function wholeOutput(outdir: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { label: string };
  const stack = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'dev-iam', 'cdk.tf.json'), 'utf8'));
  expect(stack['//'].label).toBe(manifest.label);
  // What a terraform init wrote earlier is still there, whichever version is current.
  expect(fs.readFileSync(path.join(outdir, 'stacks', 'dev-iam', '.terraform', 'terraform.tfstate'), 'utf8')).toBe(
    'initialised',
  );
  return manifest.label;
}

/** Everything beside `outdir` that is not the output, its versions, its working data or its lock. */
function leftovers(outdir: string): string[] {
  const base = path.basename(outdir);
  const versions = fs.readdirSync(versionsFolder(outdir)).filter((e) => e !== 'holders');
  const current = path.basename(fs.realpathSync(outdir));
  return [
    ...fs
      .readdirSync(path.dirname(outdir))
      .filter((e) => e.startsWith(`${base}.`) && ![`${base}.versions`, `${base}.terraform`].includes(e)),
    ...versions.filter((v) => v !== current).map((v) => `versions/${v}`),
  ];
}

describe('the output folder swap: whole after a kill at any step, nothing left behind', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'output-swap-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** A project whose output `old` is current and whose stack was initialised by Terraform. */
  function initialisedProject(name: string): string {
    const outdir = path.join(work, name, 'cdktf.out');
    fs.mkdirSync(path.dirname(outdir));
    writeAtomically(outdir, (dir) => {
      writeOutput(dir, 'old');
      linkWorkingData(dir, outdir);
    });
    fs.writeFileSync(path.join(outdir, 'stacks', 'dev-iam', '.terraform', 'terraform.tfstate'), 'initialised');
    return outdir;
  }

  test.each([...SWAP_STEPS.filter((s) => s !== 'previous-folder-moved'), 'mid-write' as const])(
    'killed at %s: the output is the old one or the new one, whole; the next synth removes what was left',
    (step) => {
      const outdir = initialisedProject(`kill-${step}`);
      swapInChild(outdir, 'new', step);
      const after = SWAP_STEPS.indexOf(step as SwapStep) >= SWAP_STEPS.indexOf('link-swapped') ? 'new' : 'old';
      expect(wholeOutput(outdir)).toBe(after);

      writeAtomically(outdir, (dir) => {
        writeOutput(dir, 'next');
        linkWorkingData(dir, outdir);
      });
      expect(wholeOutput(outdir)).toBe('next');
      expect(leftovers(outdir)).toEqual([]);
    },
  );

  test('an output folder of an earlier release becomes a version; its leftovers (staging, retired) are removed', () => {
    const outdir = path.join(work, 'earlier', 'cdktf.out');
    writeOutput(outdir, 'old');
    fs.mkdirSync(`${outdir}.staging-Ab12Cd`);
    fs.mkdirSync(`${outdir}.retired-999999999`);
    const killed = path.join(work, 'earlier-killed', 'cdktf.out');
    writeOutput(killed, 'old');
    fs.mkdirSync(path.join(killed, 'stacks', 'dev-iam', '.terraform'));
    fs.writeFileSync(path.join(killed, 'stacks', 'dev-iam', '.terraform', 'terraform.tfstate'), 'initialised');
    swapInChild(killed, 'new', 'previous-folder-moved');
    // The one step that is not atomic, taken once per checkout: the old folder is kept as a version.
    expect(fs.existsSync(killed)).toBe(false);
    expect(fs.readdirSync(versionsFolder(killed)).filter((v) => v.startsWith('previous-'))).toHaveLength(1);

    writeAtomically(outdir, (dir) => writeOutput(dir, 'new'));
    expect(JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')).label).toBe('new');
    expect(fs.lstatSync(outdir).isSymbolicLink()).toBe(true);
    expect(leftovers(outdir)).toEqual([]);
  });

  test('a version a live process holds is kept; one held by a process that ended is removed', async () => {
    const outdir = initialisedProject('held');
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const first = writeAtomically(outdir, (dir) => writeOutput(dir, 'held'), { holderPid: holder.pid! });
      const ended = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
        encoding: 'utf8',
      });
      const second = writeAtomically(outdir, (dir) => writeOutput(dir, 'second'), { holderPid: Number(ended.stdout) });
      writeAtomically(outdir, (dir) => writeOutput(dir, 'third'));
      expect(fs.existsSync(first)).toBe(true);
      expect(fs.existsSync(second)).toBe(false);
    } finally {
      holder.kill();
    }
  });

  test.each([
    ['022', 0o022, 0o755],
    ['002', 0o002, 0o775],
  ])('with umask %s the output gets the mode any folder of the user gets', (_name, umask, mode) => {
    const outdir = path.join(work, `umask-${umask}`, 'cdktf.out');
    fs.mkdirSync(path.dirname(outdir));
    const script = `process.umask(${umask});
      require(${JSON.stringify(SWAP_MODULE)}).writeAtomically(${JSON.stringify(outdir)},
        (dir) => require('fs').mkdirSync(require('path').join(dir, 'stacks')));`;
    expect(spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: PROJECT_ROOT }).status).toBe(0);
    expect(fs.statSync(outdir).mode & 0o777).toBe(mode);
    expect(fs.statSync(path.join(outdir, 'stacks')).mode & 0o777).toBe(mode);
  });

  test("Terraform's working data is kept outside the output, one folder per stack and backend", () => {
    const outdir = initialisedProject('working-data');
    const data = fs.realpathSync(path.join(outdir, 'stacks', 'dev-iam', '.terraform'));
    expect(path.dirname(path.dirname(data))).toBe(workingDataRoot(outdir));
    expect(path.basename(data)).toMatch(/^offline-[0-9a-f]{12}$/);
  });
});
