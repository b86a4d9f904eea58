/**
 * The few dirsync admin API calls the harness makes when it is given an admin key: registering its
 * webhook receiver as an endpoint (the server answers the signing secret) and removing it afterwards.
 * Admin requests go only to the origin of the SCIM base URL.
 *
 * @module
 */
import { normalizeBaseUrl, TargetError } from "./Target.js"

/** A registered webhook endpoint. */
export interface WebhookEndpoint {
  readonly id: string
  readonly secret: string
}

const call = async (baseUrl: string, adminKey: string, method: string, path: string, body?: unknown) => {
  const origin = new URL(normalizeBaseUrl(baseUrl)).origin
  let response: Response
  try {
    response = await fetch(`${origin}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      signal: AbortSignal.timeout(15_000),
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
  } catch (error) {
    throw new TargetError("Unreachable", `Cannot reach the admin API at "${origin}": ${String((error as Error).message)}`, origin)
  }
  const text = await response.text()
  if (response.status === 401) {
    throw new TargetError("Unauthorized", `The admin API at "${origin}" refused the admin key (401). Check --admin-key`, origin)
  }
  if (!response.ok) {
    throw new TargetError("NotScim", `Cannot ${method} ${path} on "${origin}": ${response.status} ${text.slice(0, 200)}`, origin)
  }
  return text === "" ? undefined : JSON.parse(text)
}

/**
 * Registers `url` as a webhook endpoint of the dirsync server the base URL belongs to.
 *
 * @example
 * const { id, secret } = await DirsyncAdmin.registerWebhook(baseUrl, adminKey, receiver.url)
 */
export const registerWebhook = async (baseUrl: string, adminKey: string, url: string): Promise<WebhookEndpoint> => {
  const json = await call(baseUrl, adminKey, "POST", "/v1/webhook_endpoints", { url })
  return { id: String(json.id), secret: String(json.secret) }
}

/**
 * Removes a webhook endpoint.
 *
 * @example
 * await DirsyncAdmin.deleteWebhook(baseUrl, adminKey, "whe_…")
 */
export const deleteWebhook = async (baseUrl: string, adminKey: string, id: string): Promise<void> => {
  await call(baseUrl, adminKey, "DELETE", `/v1/webhook_endpoints/${encodeURIComponent(id)}`)
}
