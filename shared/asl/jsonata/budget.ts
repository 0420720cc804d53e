/**
 * The work one JSONata expression may do in one evaluation, counted deterministically (a Worker's
 * clock does not move while it computes): each evaluation step, each comparison of $sort, each
 * item of $distinct, each regular-expression search and each 64 characters it consumes cost one
 * unit; an order-by term costs ORDER_BY_TERM more.
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

/** Units spent by the evaluation under way, or by the last one. */
export function budgetSpent(): number {
  return spent;
}

/** Spend `n` units; throws BudgetExceededError past the budget. */
export function charge(n = 1): void {
  spent += n;
  if (spent > MAX_STEPS) throw new BudgetExceededError();
}

/**
 * What evaluating an order-by (`^(...)`) term costs on top of its step. jsonata 1.8.7 sorts with a
 * recursive merge that copies the rest of a run at each comparison: a comparison costs up to the
 * length of the runs being merged, which the stack bounds (a run of about 10,000 items overflows
 * it), some microseconds. Each comparison evaluates its terms twice.
 */
export const ORDER_BY_TERM = 16;

/** One evaluation step (jsonata's `__evaluate_entry` hook); an order-by term (ast.ts) costs more. */
export function countStep(expr: { orderByTerm?: boolean }): void {
  spent += expr.orderByTerm === true ? 1 + ORDER_BY_TERM : 1;
  if (spent > MAX_STEPS) throw new BudgetExceededError();
}

/** One regular-expression search that consumed `consumed` characters. */
export function chargeSearch(consumed: number): void {
  charge(1 + (consumed >> 6));
}
