/**
 * A small browser stand-in for app.request: keeps cookies, sends a same-site
 * Origin, and fills the CSRF token from the last page it read, so HTTP tests
 * read like a patron's clicks.
 */
export const ORIGIN = 'http://localhost';

/** What the client sends requests through: the app itself (app.request) or a real server. */
export interface Requester {
  request(url: string, init: RequestInit): Response | Promise<Response>;
}

export class TestClient {
  private cookies = new Map<string, string>();
  csrfToken: string | null = null;

  constructor(
    private app: Requester,
    private extraHeaders: Record<string, string> = {},
  ) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request('GET', path, undefined, headers);
  }

  /** Posts a form; `_csrf` is added from the last page unless the body already has one (or `csrf: false`). */
  async post(
    path: string,
    form: Record<string, string | string[]> = {},
    options: { headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<Response> {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
    if (options.csrf !== false && !body.has('_csrf') && this.csrfToken) body.set('_csrf', this.csrfToken);
    return this.request('POST', path, body, { 'Content-Type': 'application/x-www-form-urlencoded', ...options.headers });
  }

  /** Posts a form as a browser submits it: a 303 answer is followed to the page it names. */
  async submit(path: string, form: Record<string, string | string[]> = {}, options: { csrf?: boolean } = {}): Promise<Response> {
    const response = await this.post(path, form, options);
    const location = response.headers.get('Location');
    return response.status === 303 && location ? this.get(location) : response;
  }

  /** Reads a page and remembers its CSRF token; returns the response and its text. */
  async page(path: string, headers: Record<string, string> = {}): Promise<{ response: Response; html: string }> {
    const response = await this.get(path, headers);
    const html = await response.text();
    return { response, html };
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  clearCookies(): void {
    this.cookies.clear();
  }

  private async request(
    method: string,
    path: string,
    body: URLSearchParams | undefined,
    headers: Record<string, string>,
  ): Promise<Response> {
    const cookieHeader = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await this.app.request(`${ORIGIN}${path}`, {
      method,
      body,
      headers: {
        ...(method === 'GET' ? {} : { Origin: ORIGIN }),
        ...(cookieHeader ? { Cookie: cookieHeader } : {}),
        ...this.extraHeaders,
        ...headers,
      },
    });
    for (const line of response.headers.getSetCookie()) this.storeCookie(line);
    const type = response.headers.get('Content-Type') ?? '';
    if (type.startsWith('text/html')) {
      const text = await response.clone().text();
      const match = /name="_csrf" value="([^"]+)"/.exec(text) ?? /&quot;X-CSRF-Token&quot;:&quot;([^&]+)&quot;/.exec(text);
      if (match) this.csrfToken = match[1]!;
    }
    return response;
  }

  private storeCookie(line: string): void {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
    if (expired || value === '') this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}
