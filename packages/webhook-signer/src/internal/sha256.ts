/**
 * HMAC-SHA256 (RFC 2104, FIPS 180-4) in plain JavaScript, for small bodies: with the key's inner and
 * outer pad states computed once per secret, a 1 KiB message costs 18 compressions and no round trip to
 * Web Crypto's worker thread. Larger bodies go to `crypto.subtle`. The computation has no table lookups
 * indexed by secret data. Checked against Web Crypto by property tests.
 *
 * @internal
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2
])

const IV = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
])

const W = new Int32Array(64)

/** Compresses `blocks` 64-byte blocks of `data` from `offset` into `state`. */
const compress = (state: Int32Array, data: Uint8Array, offset: number, blocks: number): void => {
  let h0 = state[0]!, h1 = state[1]!, h2 = state[2]!, h3 = state[3]!
  let h4 = state[4]!, h5 = state[5]!, h6 = state[6]!, h7 = state[7]!
  const w = W
  for (let block = 0; block < blocks; block++) {
    let p = offset + block * 64
    for (let t = 0; t < 16; t++, p += 4) {
      w[t] = (data[p]! << 24) | (data[p + 1]! << 16) | (data[p + 2]! << 8) | data[p + 3]!
    }
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15]!
      const y = w[t - 2]!
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)
      w[t] = (s1 + w[t - 7]! + s0 + w[t - 16]!) | 0
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[t]! + w[t]!) | 0
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0
      h = g
      g = f
      f = e
      e = (d + t1) | 0
      d = c
      c = b
      b = a
      a = (t1 + t2) | 0
    }
    h0 = (h0 + a) | 0
    h1 = (h1 + b) | 0
    h2 = (h2 + c) | 0
    h3 = (h3 + d) | 0
    h4 = (h4 + e) | 0
    h5 = (h5 + f) | 0
    h6 = (h6 + g) | 0
    h7 = (h7 + h) | 0
  }
  state[0] = h0
  state[1] = h1
  state[2] = h2
  state[3] = h3
  state[4] = h4
  state[5] = h5
  state[6] = h6
  state[7] = h7
}

const tail = new Uint8Array(128)

/** Continues `state` (after `prefixBytes` already hashed) over `data` and finishes; writes the digest into `out`. */
const finish = (state: Int32Array, prefixBytes: number, data: Uint8Array, out: Uint8Array): void => {
  const full = data.length >>> 6
  if (full > 0) compress(state, data, 0, full)
  const rest = data.length - full * 64
  tail.fill(0)
  tail.set(data.subarray(full * 64), 0)
  tail[rest] = 0x80
  const blocks = rest + 9 > 64 ? 2 : 1
  const bits = (prefixBytes + data.length) * 8
  const end = blocks * 64
  const high = Math.floor(bits / 0x100000000)
  tail[end - 8] = high >>> 24
  tail[end - 7] = high >>> 16
  tail[end - 6] = high >>> 8
  tail[end - 5] = high
  tail[end - 4] = bits >>> 24
  tail[end - 3] = bits >>> 16
  tail[end - 2] = bits >>> 8
  tail[end - 1] = bits
  compress(state, tail, 0, blocks)
  for (let i = 0; i < 8; i++) {
    const v = state[i]!
    out[i * 4] = v >>> 24
    out[i * 4 + 1] = v >>> 16
    out[i * 4 + 2] = v >>> 8
    out[i * 4 + 3] = v
  }
}

/** The SHA-256 digest of `data`. */
export const sha256 = (data: Uint8Array): Uint8Array<ArrayBuffer> => {
  const state = IV.slice()
  const out = new Uint8Array(32)
  finish(state, 0, data, out)
  return out
}

/** A key's pad states: SHA-256 after one block of `key ⊕ ipad` and of `key ⊕ opad`. */
export interface HmacKey {
  readonly inner: Int32Array
  readonly outer: Int32Array
}

/** Precomputes the HMAC-SHA256 pad states of a key. */
export const hmacKey = (key: Uint8Array): HmacKey => {
  const block = new Uint8Array(64)
  block.set(key.length > 64 ? sha256(key) : key)
  const pad = new Uint8Array(64)
  const inner = IV.slice()
  const outer = IV.slice()
  for (let i = 0; i < 64; i++) pad[i] = block[i]! ^ 0x36
  compress(inner, pad, 0, 1)
  for (let i = 0; i < 64; i++) pad[i] = block[i]! ^ 0x5c
  compress(outer, pad, 0, 1)
  return { inner, outer }
}

const innerDigest = new Uint8Array(32)
const state = new Int32Array(8)

/** HMAC-SHA256 of `data` under a precomputed key. */
export const hmac = (key: HmacKey, data: Uint8Array): Uint8Array<ArrayBuffer> => {
  state.set(key.inner)
  finish(state, 64, data, innerDigest)
  state.set(key.outer)
  const out = new Uint8Array(32)
  finish(state, 64, innerDigest, out)
  return out
}
