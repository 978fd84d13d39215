// Work keyed by what it is about (a case), one run per key at a time: a run asked for while one is under way follows
// it, and finds what the first one did. Platforms refresh the copies of a case this way — a change of the case and a
// refused click together must not edit the same message twice.

export function oneAtATime(work: (key: string) => Promise<void>): (key: string) => Promise<void> {
  const running = new Map<string, Promise<void>>();
  return (key) => {
    const run = (running.get(key) ?? Promise.resolve()).then(() => work(key));
    const settled = run.finally(() => {
      if (running.get(key) === settled) running.delete(key);
    });
    // A failed run is its caller's to see; the next one still runs.
    running.set(key, settled.catch(() => {}));
    return run;
  };
}
