/**
 * The one SCIM server the harness talks to: its base URL and bearer token. Every request is built from a
 * path relative to the base URL and refused when it would leave it (another origin, or a path outside the
 * base path), so the harness never sends traffic anywhere but where it is pointed. Each request has a
 * timeout; connection failures, timeouts, non-SCIM answers and refused tokens become `TargetError`s with
 * a message that says what to fix.
 *
 * @module
 */

/** Where the harness sends SCIM requests. */
export interface Target {
  /** The SCIM base URL, e.g. `https://sync.example.com/scim/v2/conn_123` (no trailing slash needed). */
  readonly baseUrl: string
  /** The bearer token, sent as `Authorization: Bearer <token>`. */
  readonly token: string
  /** Timeout of one request in milliseconds (default 15 000). */
  readonly timeoutMs?: number
}

/** What went wrong talking to the target. */
export type TargetErrorReason = "InvalidBaseUrl" | "OutsideTarget" | "Unreachable" | "Timeout" | "Unauthorized" | "NotScim"

/** A failure to talk to the target at all (as opposed to a wrong answer, which is a failed check). */
export class TargetError extends Error {
  readonly _tag = "TargetError"
  constructor(readonly reason: TargetErrorReason, message: string, readonly input: string) {
    super(message)
    this.name = "TargetError"
  }
}

/** A request as the harness sent it, for reports (the token is never included). */
export interface SentRequest {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: unknown
}

/** One request and its answer. */
export interface Exchange {
  readonly request: SentRequest
  readonly status: number
  readonly headers: Headers
  readonly text: string
  /** The body parsed as JSON, `undefined` when empty or not JSON. */
  readonly json: any
  /** Round-trip time in milliseconds. */
  readonly ms: number
}

/** Options of one request. */
export interface RequestOptions {
  readonly method?: string
  /** Relative to the base URL, query string included: `/Users?filter=…`. */
  readonly path: string
  readonly body?: unknown
  /** A raw body sent as is (takes precedence over `body`). */
  readonly rawBody?: string
  readonly headers?: Readonly<Record<string, string>>
  /** Overrides the target's token (`null` sends no `Authorization` header). */
  readonly token?: string | null
}

/**
 * Checks and normalises a base URL: `http:` or `https:`, no query or fragment, no trailing slash.
 *
 * @example
 * normalizeBaseUrl("http://localhost:8787/scim/v2/conn_1/") // "http://localhost:8787/scim/v2/conn_1"
 */
export const normalizeBaseUrl = (input: string): string => {
  let url: URL
  try {
    url = new URL(input)
  } catch {
    throw new TargetError("InvalidBaseUrl", `Cannot use base URL "${input}": it is not an absolute URL`, input)
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TargetError("InvalidBaseUrl", `Cannot use base URL "${input}": only http and https are supported`, input)
  }
  if (url.search !== "" || url.hash !== "") {
    throw new TargetError("InvalidBaseUrl", `Cannot use base URL "${input}": remove the query string or fragment`, input)
  }
  if (url.username !== "" || url.password !== "") {
    throw new TargetError("InvalidBaseUrl", `Cannot use base URL "${input}": pass credentials with --token, not in the URL`, input)
  }
  return url.toString().replace(/\/+$/, "")
}

/**
 * Resolves a path against the base URL, refusing anything that leaves it.
 *
 * @example
 * resolve("http://h/scim/v2/c1", "/Users?count=1") // "http://h/scim/v2/c1/Users?count=1"
 * resolve("http://h/scim/v2/c1", "http://evil/x")  // throws TargetError "OutsideTarget"
 */
export const resolve = (baseUrl: string, path: string): string => {
  if (!path.startsWith("/") || path.startsWith("//")) {
    throw new TargetError("OutsideTarget", `Refusing to send a request to "${path}": paths must be relative to the base URL`, path)
  }
  const base = new URL(baseUrl)
  const full = new URL(baseUrl + path)
  const basePath = base.pathname.replace(/\/+$/, "")
  if (
    full.origin !== base.origin ||
    !(full.pathname === basePath || full.pathname.startsWith(basePath + "/")) ||
    full.pathname.split("/").includes("..")
  ) {
    throw new TargetError("OutsideTarget", `Refusing to send a request to "${full.toString()}": it is outside "${baseUrl}"`, path)
  }
  return full.toString()
}

const parseJson = (text: string): unknown => {
  if (text === "") return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * Sends one request to the target. Network failures and timeouts throw a `TargetError`; every HTTP
 * answer (4xx and 5xx included) is returned as an `Exchange` for the caller to judge.
 *
 * @example
 * const ex = await send({ baseUrl: "http://localhost:8787/scim/v2/conn_1", token: "dsync_…" }, { path: "/Users?count=1" })
 * ex.status // 200
 */
export const send = async (target: Target, options: RequestOptions): Promise<Exchange> => {
  const baseUrl = normalizeBaseUrl(target.baseUrl)
  const url = resolve(baseUrl, options.path)
  const method = options.method ?? "GET"
  const headers: Record<string, string> = { accept: "application/scim+json", ...options.headers }
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body))
  if (body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === "content-type")) {
    headers["content-type"] = "application/scim+json"
  }
  const token = options.token === undefined ? target.token : options.token
  const sentHeaders = { ...headers }
  if (token !== null) headers["authorization"] = `Bearer ${token}`
  const request: SentRequest = {
    method,
    url,
    headers: sentHeaders,
    ...(options.rawBody !== undefined ? { body: options.rawBody } : options.body !== undefined ? { body: options.body } : {})
  }
  const timeoutMs = target.timeoutMs ?? 15_000
  const started = performance.now()
  let response: Response
  let text: string
  try {
    response = await fetch(url, {
      method,
      headers,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      ...(body === undefined ? {} : { body })
    })
    text = await response.text()
  } catch (error) {
    const e = error as { name?: string; cause?: { code?: string; message?: string }; message?: string }
    if (e.name === "TimeoutError" || e.name === "AbortError") {
      throw new TargetError("Timeout", `Cannot get an answer from "${url}": no response within ${timeoutMs} ms`, url)
    }
    const code = e.cause?.code ?? e.cause?.message ?? e.message ?? "unknown error"
    throw new TargetError(
      "Unreachable",
      `Cannot reach "${baseUrl}": ${code}. Check the base URL and that the server is running`,
      url
    )
  }
  return { request, status: response.status, headers: response.headers, text, json: parseJson(text), ms: performance.now() - started }
}

/** True when the answer is a SCIM error body (RFC 7644 §3.12). */
export const isScimError = (json: unknown): boolean =>
  typeof json === "object" && json !== null &&
  Array.isArray((json as { schemas?: unknown }).schemas) &&
  ((json as { schemas: Array<unknown> }).schemas).includes("urn:ietf:params:scim:api:messages:2.0:Error")

/**
 * Checks, before any test traffic, that the base URL is a SCIM endpoint and that the token is accepted,
 * with one `GET /Users?count=1`. Throws a `TargetError` whose message says what to fix.
 *
 * @example
 * await preflight({ baseUrl: "http://localhost:8787/scim/v2/conn_1", token: "wrong" })
 * // TargetError: The server at "…" refused the token (401): … Check --token …
 */
export const preflight = async (target: Target): Promise<void> => {
  const ex = await send(target, { path: "/Users?startIndex=1&count=1" })
  const baseUrl = normalizeBaseUrl(target.baseUrl)
  if ((ex.status === 401 || ex.status === 403) && isScimError(ex.json)) {
    const detail = typeof ex.json?.detail === "string" ? `: ${ex.json.detail}` : ""
    throw new TargetError(
      "Unauthorized",
      `The server at "${baseUrl}" refused the token (${ex.status}${detail}). Check --token: pass the bearer token alone, without "Bearer "`,
      baseUrl
    )
  }
  const looksScim = ex.json !== undefined &&
    (Array.isArray(ex.json?.schemas) || typeof ex.json?.totalResults === "number")
  if (!looksScim) {
    throw new TargetError(
      "NotScim",
      `The base URL "${baseUrl}" does not answer like a SCIM endpoint: GET /Users returned ${ex.status} ${
        ex.headers.get("content-type") ?? "(no content type)"
      }. It should end with the SCIM root, e.g. "…/scim/v2/<connection id>"`,
      baseUrl
    )
  }
}
