/**
 * Web Push rules (SPEC §14): what a browser's PushSubscription must look
 * like before it is kept, how a device is named in the list, and what a push
 * service's answer means for the notice. Pure: no I/O.
 */

/** Longest endpoint kept: real ones (FCM, Mozilla, Apple, Windows) are under 500 characters. */
export const MAX_ENDPOINT_LENGTH = 2048;
/** A P-256 public key, uncompressed (0x04, x, y), is 65 bytes; the auth secret 16 (RFC 8291 §3). */
const P256DH_BYTES = 65;
const AUTH_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/** The bytes of a base64url text, or null when it is not one (padding allowed, as some browsers send it). */
export function base64urlBytes(text: string, maxLength = 400): Uint8Array | null {
  if (text.length === 0 || text.length > maxLength || !BASE64URL.test(text)) return null;
  return Uint8Array.from(Buffer.from(text.replace(/=+$/, ''), 'base64url'));
}

/** True for a P-256 public key in the uncompressed form push keys use. */
export function isP256PublicKey(bytes: Uint8Array | null): boolean {
  return bytes !== null && bytes.length === P256DH_BYTES && bytes[0] === 0x04;
}

export interface SubscriptionInput {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export type SubscriptionProblem = 'endpoint' | 'endpointInsecure' | 'p256dh' | 'auth';

/** A loopback host: the only place a plain-http push service may be (a test's stand-in). */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * What is wrong with a subscription, field by field (empty: nothing). The
 * endpoint is where the worker will POST, so it must be an https URL
 * (http only on loopback, and only when PUSH_ALLOW_HTTP is on).
 */
export function subscriptionProblems(
  input: SubscriptionInput,
  allowHttp: boolean,
): { field: keyof SubscriptionInput; problem: SubscriptionProblem }[] {
  const problems: { field: keyof SubscriptionInput; problem: SubscriptionProblem }[] = [];
  const endpoint = endpointProblem(input.endpoint, allowHttp);
  if (endpoint) problems.push({ field: 'endpoint', problem: endpoint });
  if (!isP256PublicKey(base64urlBytes(input.p256dh))) problems.push({ field: 'p256dh', problem: 'p256dh' });
  if (base64urlBytes(input.auth)?.length !== AUTH_BYTES) problems.push({ field: 'auth', problem: 'auth' });
  return problems;
}

function endpointProblem(endpoint: string, allowHttp: boolean): SubscriptionProblem | null {
  if (endpoint.length === 0 || endpoint.length > MAX_ENDPOINT_LENGTH) return 'endpoint';
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'endpoint';
  }
  if (url.username || url.password || url.hash) return 'endpoint';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:') return allowHttp && isLoopback(url.hostname) ? null : 'endpointInsecure';
  return 'endpoint';
}

/** The browser a device list names, from its User-Agent (order matters: Edge and Opera say "Chrome" too, Chrome says "Safari"). */
export function browserLabel(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  const browser = /Edg(e|A|iOS)?\//.test(ua)
    ? 'Edge'
    : /OPR\/|Opera/.test(ua)
      ? 'Opera'
      : /SamsungBrowser\//.test(ua)
        ? 'Samsung Internet'
        : /Firefox\/|FxiOS\//.test(ua)
          ? 'Firefox'
          : /Chrome\/|CriOS\/|Chromium\//.test(ua)
            ? 'Chrome'
            : /Safari\//.test(ua)
              ? 'Safari'
              : 'Browser';
  const system = /iPhone|iPad|iPod/.test(ua)
    ? 'iOS'
    : /Android/.test(ua)
      ? 'Android'
      : /Mac OS X|Macintosh/.test(ua)
        ? 'macOS'
        : /Windows/.test(ua)
          ? 'Windows'
          : /Linux|CrOS/.test(ua)
            ? 'Linux'
            : null;
  return system ? `${browser} (${system})` : browser;
}

/** What a push service's answer (RFC 8030 §5, §8) means for the notice. */
export type PushAnswer = 'sent' | 'retry' | 'gone' | 'failed';

/** 2xx sent; 404/410 the subscription is gone for good; 429 and 5xx try again; any other answer is a fault that retrying will not mend. */
export function classifyPushAnswer(status: number): PushAnswer {
  if (status >= 200 && status < 300) return 'sent';
  if (status === 404 || status === 410) return 'gone';
  if (status === 429 || status >= 500) return 'retry';
  return 'failed';
}

/** Longest wait a push service's Retry-After may ask for: past it the notice would be given up anyway. */
const MAX_RETRY_AFTER_MS = 48 * 3_600_000;

/** The wait a 429 or 503 asks for in its Retry-After (seconds or an HTTP date, RFC 9110 §10.2.3), in milliseconds; null when it asks none. */
export function retryAfterMs(header: string | null, now: Date): number | null {
  if (header === null) return null;
  const text = header.trim();
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now.getTime();
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_RETRY_AFTER_MS) : null;
}

/**
 * How long a push service keeps an undelivered notice for a device that is
 * off (the TTL header, seconds): a day, since a hold-ready notice still
 * matters then and the pickup deadline is days away.
 */
export const PUSH_TTL_SECONDS = 24 * 3600;
