/** Runs `f` over `items` with at most `concurrency` in flight; results in input order. */
export const mapPool = async <A, B>(
  items: ReadonlyArray<A>,
  concurrency: number,
  f: (a: A, index: number) => Promise<B>
): Promise<Array<B>> => {
  const out: Array<B> = new Array(items.length)
  let next = 0
  const worker = async () => {
    for (;;) {
      const i = next++
      if (i >= items.length) return
      out[i] = await f(items[i]!, i)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker))
  return out
}
