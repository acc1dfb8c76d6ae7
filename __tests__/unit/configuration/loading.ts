import * as fs from 'fs';
import { loadConfiguration } from '../../../main';
import { ConfigError, type ConfigProblem } from '../../../lib/configuration/config-error';
import type { ConfigFixture } from '../../support/config-fixture';

/** The problems loading the fixture reports; it must fail with a ConfigError, never anything else. */
export function loadProblems(fixture: ConfigFixture, environments?: readonly string[]): ConfigProblem[] {
  try {
    loadConfiguration({ root: fixture.root, displayRoot: fixture.root, ...(environments ? { environments } : {}) });
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('the configuration loaded, but it should have been rejected');
}

/** Writes bytes to a file of the fixture, as an editor that saved them would. */
export function writeBytes(fixture: ConfigFixture, file: string, bytes: Buffer): void {
  fs.writeFileSync(fixture.path(file), bytes);
}

const NOBODY = 65534;

/**
 * Runs `fn` as a user file permissions apply to. Root reads any file whatever its mode, so as
 * root (a container, CI) the effective user is nobody's while `fn` runs; the fixture's folders
 * must then be open to others (`openToOthers`).
 */
export function asUnprivilegedUser<T>(fn: () => T): T {
  if (process.geteuid?.() !== 0) return fn();
  process.setegid!(NOBODY);
  process.seteuid!(NOBODY);
  try {
    return fn();
  } finally {
    process.seteuid!(0);
    process.setegid!(0);
  }
}

/** Opens the fixture's root to other users (mkdtemp makes it 0700), as a checkout usually is. */
export function openToOthers(fixture: ConfigFixture): void {
  fs.chmodSync(fixture.root, 0o755);
}

/** A file of the fixture as text. */
export function readText(fixture: ConfigFixture, file: string): string {
  return fs.readFileSync(fixture.path(file), 'utf8');
}

/** A JSON document as ConfigFixture.editJson hands it to an edit: whatever shape the file has. */
export type EditedJson = Parameters<Parameters<ConfigFixture['editJson']>[1]>[0];
