// The one wait of the test suite: polls a probe until it gives a truthy value (returned), or
// fails after limitMs with what was awaited and, if given, some context (a process's output).
// The limit is read on performance.now(), which node:test's mock timers leave alone: a test that
// mocks Date still gets its timeout.
type Truthy<T> = Exclude<T, null | undefined | false | 0 | ''>;

export async function waitFor<T>(
  probe: () => T | Promise<T>,
  what: string,
  limitMs = 8000,
  everyMs = 5,
  context?: () => string,
): Promise<Truthy<T>> {
  const end = performance.now() + limitMs;
  for (;;) {
    const v = await probe();
    if (v) return v as Truthy<T>;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}${context ? `\n${context()}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
