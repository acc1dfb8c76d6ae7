import type { ConfigFixture } from '../../support/config-fixture';

/** A JSON document as ConfigFixture.editJson hands it to an edit: whatever shape the file has. */
export type EditedJson = Parameters<Parameters<ConfigFixture['editJson']>[1]>[0];
