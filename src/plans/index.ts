import type { Draft } from '../render.js';
import type { Step } from '../result.js';
import { crictlPlans } from './crictl.js';
import { ctrPlans } from './ctr.js';

/** A plan turns a draft into several steps where one command is not enough; or says why it cannot. */
export type Plan = (draft: Draft) => { steps: Step[] } | { reason: string };

const plans: Record<string, Plan> = { ...ctrPlans, ...crictlPlans };

export function applyPlan(name: string, draft: Draft): { steps: Step[] } | { reason: string } {
  const plan = plans[name];
  if (!plan) throw new Error(`mapping names unknown plan '${name}'`);
  return plan(draft);
}
