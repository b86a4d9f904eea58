/**
 * Standard base64 (RFC 4648 §4, with padding) over `Uint8Array`, using only `btoa`/`atob`.
 *
 * @internal
 */

const CHUNK = 0x8000

/** Encodes bytes as padded standard base64. */
export const encode = (bytes: Uint8Array): string => {
  if (bytes.length <= CHUNK) {
    return btoa(String.fromCharCode.apply(null, bytes as unknown as Array<number>))
  }
  let binary = ""
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as Array<number>)
  }
  return btoa(binary)
}

const STANDARD = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** Decodes padded standard base64; returns `undefined` for anything else. */
export const decode = (text: string): Uint8Array<ArrayBuffer> | undefined => {
  if (!STANDARD.test(text)) return undefined
  const binary = atob(text)
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}
