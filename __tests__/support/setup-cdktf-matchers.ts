import { Testing } from 'cdktf';
// Brings cdktf's declarations of the jest matchers (toHaveResourceWithProperties...) into the type check.
import type {} from 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();
