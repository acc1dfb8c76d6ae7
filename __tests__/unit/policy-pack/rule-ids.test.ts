import { POLICY_RULES, STACK_ADDRESS } from '../../../lib/policy-pack/policy-pack';
import {
  OPT_IN_POLICY_RULE_IDS,
  POLICY_RULE_IDS,
  POLICY_STACK_ADDRESS,
} from '../../../lib/configuration/schemas/policy-rule-ids';

// The configuration names the pack's rules without importing the pack (it sits below it): these keep the two in step.
describe("the configuration's policy rule IDs are the policy pack's", () => {
  test('every rule, in the order of the pack', () => {
    expect(POLICY_RULE_IDS).toEqual(POLICY_RULES.map((rule) => rule.id));
  });

  test('the opt-in rules', () => {
    expect(OPT_IN_POLICY_RULE_IDS).toEqual(POLICY_RULES.filter((rule) => rule.optIn).map((rule) => rule.id));
  });

  test('the address of the stack rules', () => {
    expect(POLICY_STACK_ADDRESS).toBe(STACK_ADDRESS);
  });
});
