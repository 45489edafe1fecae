import type { Draft } from '../render.js';
import type { Step } from '../result.js';

/** A plan turns a draft into several steps where one command is not enough; or says why it cannot. */
export type Plan = (draft: Draft) => { steps: Step[] } | { reason: string } | null;

const plans: Record<string, Plan> = {};

export function registerPlan(name: string, plan: Plan): void {
  plans[name] = plan;
}

export function applyPlan(name: string, draft: Draft): { steps: Step[] } | { reason: string } | null {
  const plan = plans[name];
  if (!plan) throw new Error(`mapping names unknown plan '${name}'`);
  return plan(draft);
}
