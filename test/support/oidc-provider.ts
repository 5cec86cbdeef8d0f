// A real OpenID Connect provider for tests (oidc-provider on 127.0.0.1, a random port) whose login
// page signs in whichever test user the test chose, and a cookie-carrying "browser" that follows the
// redirects between the provider (over HTTP) and the app (through inject) by hand.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import Provider, { type Adapter, type AdapterPayload, type JWK } from 'oidc-provider';

export interface TestUser {
  sub: string;
  /** Standard claims: name, email, email_verified, phone_number, phone_number_verified… */
  claims: Record<string, string | boolean>;
}

export interface TestOidcProvider {
  /** `http://127.0.0.1:<port>` */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The user the next login page signs in, without asking. */
  loginAs(user: TestUser): void;
  /** The next login page refuses instead (the person cancels): the callback gets `error=access_denied`. */
  refuseNext(): void;
  close(): Promise<void>;
}

/** The provider's state (sessions, codes, tokens) in memory, for this one test process. */
function memoryAdapter(): (name: string) => Adapter {
  const rows = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const live = (key: string) => {
    const row = rows.get(key);
    return row && row.expiresAt > Date.now() ? row.payload : undefined;
  };
  const matching = (key: string, test: (p: AdapterPayload) => boolean) =>
    [...rows.keys()].find((k) => k.startsWith(`${key}:`) && test(rows.get(k)!.payload));
  return (name) => ({
    upsert: async (id, payload, expiresIn) => {
      rows.set(`${name}:${id}`, { payload, expiresAt: Date.now() + expiresIn * 1000 });
    },
    find: async (id) => live(`${name}:${id}`),
    findByUid: async (uid) => {
      const key = matching(name, (p) => p.uid === uid);
      return key === undefined ? undefined : live(key);
    },
    findByUserCode: async (userCode) => {
      const key = matching(name, (p) => p.userCode === userCode);
      return key === undefined ? undefined : live(key);
    },
    consume: async (id) => {
      const row = rows.get(`${name}:${id}`);
      if (row) row.payload.consumed = Math.floor(Date.now() / 1000);
    },
    destroy: async (id) => {
      rows.delete(`${name}:${id}`);
    },
    revokeByGrantId: async (grantId) => {
      for (const [key, row] of rows) if (row.payload.grantId === grantId) rows.delete(key);
    },
  });
}

export async function startOidcProvider(options: { redirectUris: string[] }): Promise<TestOidcProvider> {
  const users = new Map<string, TestUser>();
  let next: TestUser | 'refuse' | null = null;
  let provider: Provider | null = null;

  const server = http.createServer((req, res) => {
    if (!provider) {
      res.writeHead(503).end();
      return;
    }
    if (req.url?.startsWith('/interaction/')) {
      interact(provider, req, res).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
      return;
    }
    void provider.callback()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** The login page: no form, the chosen user is signed in (or the request refused) at once. */
  async function interact(op: Provider, req: http.IncomingMessage, res: http.ServerResponse) {
    const details = await op.interactionDetails(req, res);
    const chosen = next;
    if (details.prompt.name === 'login') {
      next = null;
      if (chosen === null) throw new Error('the test did not choose who signs in (loginAs)');
      if (chosen === 'refuse') {
        await op.interactionFinished(
          req,
          res,
          { error: 'access_denied', error_description: 'The person cancelled' },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      users.set(chosen.sub, chosen);
      await op.interactionFinished(
        req,
        res,
        { login: { accountId: chosen.sub } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    // Consent: a first-party client, so everything asked for is granted.
    const grant = new op.Grant({
      accountId: details.session?.accountId,
      clientId: details.params.client_id as string,
    });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await op.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  const clientId = 'pakn-test';
  const clientSecret = crypto.randomBytes(24).toString('base64url');
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' } as JWK;

  provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    adapter: memoryAdapter(),
    jwks: { keys: [jwk] },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    pkce: { methods: ['S256'], required: () => true },
    claims: {
      openid: ['sub'],
      profile: ['name', 'family_name', 'given_name', 'middle_name'],
      email: ['email', 'email_verified'],
      phone: ['phone_number', 'phone_number_verified'],
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const user = users.get(sub);
      if (!user) return undefined;
      return { accountId: sub, claims: () => ({ ...user.claims, sub }) };
    },
  });

  return {
    issuer,
    clientId,
    clientSecret,
    loginAs(user) {
      next = user;
    },
    refuseNext() {
      next = 'refuse';
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}

interface StoredCookie {
  host: string;
  path: string;
  name: string;
  value: string;
}

export interface BrowserResponse {
  url: URL;
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

/**
 * A browser reduced to what sign-in needs: a cookie jar (by host and path) and redirects followed one
 * at a time. Requests to `apps` origins go to that Fastify instance through inject; others over HTTP.
 */
export class TestBrowser {
  private cookies: StoredCookie[] = [];
  constructor(private readonly apps: Record<string, FastifyInstance>) {}

  cookieHeader(url: URL): string {
    return this.cookies
      .filter(
        (c) =>
          c.host === url.host &&
          (url.pathname === c.path || url.pathname.startsWith(c.path.replace(/\/?$/, '/'))),
      )
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  cookie(host: string, name: string): string | undefined {
    return this.cookies.find((c) => c.host === host && c.name === name)?.value;
  }

  setCookie(url: URL, name: string, value: string, path = '/'): void {
    this.cookies = this.cookies.filter((c) => !(c.host === url.host && c.name === name && c.path === path));
    this.cookies.push({ host: url.host, path, name, value });
  }

  private store(url: URL, header: string): void {
    const [pair = '', ...attributes] = header.split(';').map((p) => p.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    let path = url.pathname.replace(/\/[^/]*$/, '') || '/';
    let expired = value === '';
    for (const attribute of attributes) {
      const [key = '', val = ''] = attribute.split('=');
      if (key.toLowerCase() === 'path') path = val;
      if (key.toLowerCase() === 'max-age' && Number(val) <= 0) expired = true;
      if (key.toLowerCase() === 'expires' && Date.parse(val) <= Date.now()) expired = true;
    }
    this.cookies = this.cookies.filter((c) => !(c.host === url.host && c.name === name && c.path === path));
    if (!expired) this.cookies.push({ host: url.host, path, name, value });
  }

  /** One request, no redirect followed. */
  async request(
    url: URL,
    init: { method?: string; json?: unknown; headers?: Record<string, string> } = {},
  ): Promise<BrowserResponse> {
    const method = init.method ?? 'GET';
    const headers: Record<string, string> = { ...init.headers };
    const cookie = this.cookieHeader(url);
    if (cookie !== '') headers.cookie = cookie;
    const app = this.apps[url.origin];
    let response: BrowserResponse;
    let setCookies: string[];
    if (app) {
      const res = await app.inject({
        method: method as 'GET',
        url: url.pathname + url.search,
        headers: { ...headers, host: url.host },
        ...(init.json === undefined ? {} : { payload: init.json as object }),
      });
      const raw = res.headers['set-cookie'];
      setCookies = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      response = { url, status: res.statusCode, headers: res.headers, body: res.body };
    } else {
      const res = await fetch(url, {
        method,
        redirect: 'manual',
        headers: init.json === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
      });
      setCookies = res.headers.getSetCookie();
      response = {
        url,
        status: res.status,
        headers: Object.fromEntries(res.headers),
        body: await res.text(),
      };
    }
    for (const header of setCookies) this.store(url, header);
    return response;
  }

  /**
   * GETs `url` and follows redirects, as a browser does, until an answer that is not a redirect, or
   * until the next URL satisfies `stopBefore` (then that URL is returned unvisited as `next`).
   */
  async navigate(
    url: string | URL,
    stopBefore?: (next: URL) => boolean,
  ): Promise<{ response: BrowserResponse; next?: URL; visited: URL[] }> {
    let current = new URL(url);
    const visited: URL[] = [];
    for (let hops = 0; hops < 15; hops++) {
      visited.push(current);
      const response = await this.request(current);
      const location = response.headers.location;
      if (response.status < 300 || response.status >= 400 || typeof location !== 'string')
        return { response, visited };
      const target = new URL(location, current);
      // A fragment survives a redirect that has none of its own.
      if (target.hash === '' && current.hash !== '') target.hash = current.hash;
      if (stopBefore?.(target)) return { response, next: target, visited };
      current = target;
    }
    throw new Error(`too many redirects from ${String(url)}`);
  }
}
