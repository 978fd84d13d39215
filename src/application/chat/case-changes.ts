// "A case changed" after each commit: every chat platform subscribes to edit the copies of the case it posted (the
// task message's buttons go, the outcome shows), wherever the decision was made — a console, another copy, a button.
// The use case does not wait for them: listeners run after the commit on one queue, one change after another, and a
// failing one is logged without stopping the rest.

export type CaseChangeListener = (caseId: string) => Promise<void>;

export interface CaseChanges {
  /** Returns the function that unsubscribes. */
  subscribe(listener: CaseChangeListener): () => void;
  /** Called by the use cases after a commit. */
  emit(caseId: string): void;
  /** Resolves once every change emitted so far has reached every listener (for stop() and tests). */
  idle(): Promise<void>;
}

export function createCaseChanges(log: (line: string) => void = () => {}): CaseChanges {
  const listeners = new Set<CaseChangeListener>();
  let queue: Promise<void> = Promise.resolve();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit(caseId) {
      if (listeners.size === 0) return;
      const now = [...listeners];
      queue = queue.then(async () => {
        for (const listener of now) {
          try {
            await listener(caseId);
          } catch (e) {
            log(`[kaifang] a case-changed listener failed for ${caseId}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
          }
        }
      });
    },
    idle: () => queue,
  };
}
