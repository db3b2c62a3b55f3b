// What a core module says when it refuses something: a code and its parameters, never a
// sentence. Adapters turn it into the user's language (nodes/shared/problems.ts), so the core
// stays free of any language and a test can assert the code itself.
export interface Problem {
  code: string;
  params: Record<string, string | number>;
}

export function problem(code: string, params: Record<string, string | number> = {}): Problem {
  return { code, params };
}

export function isProblem(x: unknown): x is Problem {
  return typeof x === 'object' && x !== null && typeof (x as Problem).code === 'string' && typeof (x as Problem).params === 'object';
}
