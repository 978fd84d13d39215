// A case the platform ends from outside its workflow — an application whose dataset was withdrawn (T10) — goes to one
// shared terminal state, so no workflow has to know of the others that may close its cases.
export const CLOSED_STATE = 'closed';

export function isFinished(terminalStates: readonly string[], state: string): boolean {
  return state === CLOSED_STATE || terminalStates.includes(state);
}
