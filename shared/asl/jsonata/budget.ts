/**
 * The work one JSONata expression may do in one evaluation, counted deterministically (a Worker's
 * clock does not move while it computes): each evaluation step, each comparison of a sort or of
 * $distinct, each regular-expression search and each 64 characters it consumes cost one unit.
 * Without it a recursive function without a base case (jsonata optimises tail calls, so it loops
 * rather than overflowing the stack), or a sort of a million items, holds the host for seconds.
 */

/** Units of work one evaluation of one expression may spend (about two seconds of CPU at worst). */
export const MAX_STEPS = 2_000_000;

/** Thrown (through jsonata) when an evaluation spends more than MAX_STEPS units. */
export class BudgetExceededError extends Error {
  constructor() {
    super(`the expression did more than ${MAX_STEPS} units of work`);
  }
}

let spent = 0;

/** Start counting an evaluation. */
export function resetBudget(): void {
  spent = 0;
}

/** Spend `n` units; throws BudgetExceededError past the budget. */
export function charge(n = 1): void {
  spent += n;
  if (spent > MAX_STEPS) throw new BudgetExceededError();
}

/** One evaluation step (jsonata's `__evaluate_entry` hook). */
export function countStep(): void {
  if (++spent > MAX_STEPS) throw new BudgetExceededError();
}

/** One regular-expression search that consumed `consumed` characters. */
export function chargeSearch(consumed: number): void {
  charge(1 + (consumed >> 6));
}
