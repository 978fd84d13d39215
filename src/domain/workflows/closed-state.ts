// A case the platform ends from outside its workflow — an application whose dataset was withdrawn (T10) — goes to one
// shared terminal state, so no workflow has to know of the others that may close its cases.
export const CLOSED_STATE = 'closed';

export function isFinished(terminalStates: readonly string[], state: string): boolean {
  return state === CLOSED_STATE || terminalStates.includes(state);
}

/**
 * Still waiting on someone: a step owes it (an assignee), or its filer must correct it (`returned`, the shared state a
 * return for correction leaves, grounds.ts). What a withdrawn dataset ends and whose people it tells.
 */
export function isPending(c: { assignee: unknown; state: string }): boolean {
  return c.assignee !== null || c.state === 'returned';
}
