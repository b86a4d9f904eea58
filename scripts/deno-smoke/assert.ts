// The one assertion the smoke tests need (no registry access for a standard-library module).
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message)
}

export const assertEquals = (actual: unknown, expected: unknown, message: string): void => {
  const a = JSON.stringify(actual)
  const e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${message}: expected ${e}, got ${a}`)
}
