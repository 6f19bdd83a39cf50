// A relying party of FaceGate's OpenID Connect provider built on openid-client (an independent, OpenID-certified
// library), run by OpenIdClientRelyingPartyTest against a running FaceGate, usable by hand against any instance.
//
// Usage: node scripts/oidc-relying-party.mjs ISSUER USERNAME CLIENT REDIRECT_URI POST_LOGOUT_URI [CLIENT ...]
//
// Each CLIENT REDIRECT_URI POST_LOGOUT_URI triple is a client registered in FaceGate's OIDC_CLIENTS; a client is
// confidential when FACEGATE_RP_SECRET_<CLIENT> (client id upper-cased, non-alphanumerics as _) is set, else
// public. The password is FACEGATE_RP_PASSWORD (secrets only from the environment, never on the command line).
// For each client, with a cookie jar of its own as a new browser has: discovery; authorization URL with PKCE
// (S256), state and nonce; the browser part (FaceGate's login page, the JSON password login with the CSRF token
// from /api/csrf, the consent page's form); the code exchange, where openid-client checks the ID token (JWKS
// signature, iss, aud, nonce, exp, iat) and the state; amr/acr/auth_time; userinfo (subject checked); a refresh
// (confidential: rotated, the ID token checked again; public: none issued); RP-initiated logout, after which
// FaceGate's /account asks for a login again. Prints one line per client; on any failure prints a sentence on
// stderr and exits 1 (2 for a usage error).
import * as client from 'openid-client';

const ONE_FACTOR = 'urn:facegate:acr:1fa';

class Failure extends Error {}

function fail(message) {
  throw new Failure(message);
}

function usage(message) {
  console.error(`oidc-relying-party: ${message}. Usage: node scripts/oidc-relying-party.mjs ISSUER USERNAME `
    + 'CLIENT REDIRECT_URI POST_LOGOUT_URI [CLIENT REDIRECT_URI POST_LOGOUT_URI]..., password in FACEGATE_RP_PASSWORD, '
    + 'confidential clients\' secrets in FACEGATE_RP_SECRET_<CLIENT>');
  process.exit(2);
}

/** A browser's cookies for one host, and requests that follow no redirect by themselves. */
class Browser {
  constructor() {
    this.cookies = new Map();
  }

  async request(url, init = {}) {
    const headers = new Headers(init.headers || {});
    if (this.cookies.size > 0) {
      headers.set('Cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired) this.cookies.delete(name); else this.cookies.set(name, pair.slice(at + 1).trim());
    }
    return response;
  }

  async redirectFrom(url, init, what) {
    const response = await this.request(url, init);
    const location = response.headers.get('location');
    if (response.status !== 302 || !location) {
      fail(`${what} answered ${response.status} instead of a redirect: ${(await response.text()).slice(0, 200)}`);
    }
    return new URL(location, url).href;
  }
}

function unescapeHtml(s) {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The hidden fields of the consent page's Allow form, as the browser would post them. */
function consentForm(html) {
  const form = /<form[^>]*id="consent"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!form) fail('the consent page has no Allow form (id="consent")');
  const fields = new URLSearchParams();
  for (const input of form[1].matchAll(/<input\b[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input[0]);
    const value = /value="([^"]*)"/.exec(input[0]);
    if (name) fields.append(unescapeHtml(name[1]), value ? unescapeHtml(value[1]) : '');
  }
  return fields;
}

/** Logs in at FaceGate as a browser does and returns the URL FaceGate redirects to with the code. */
async function browserLogin(browser, issuer, authorizationUrl, username, password) {
  const login = await browser.redirectFrom(authorizationUrl, {}, 'the authorization endpoint without a session');
  if (new URL(login).pathname !== '/login') fail(`without a session FaceGate sent the browser to ${login}, not /login`);
  const csrf = await (await browser.request(new URL('/api/csrf', issuer))).json();
  const answer = await browser.request(new URL('/login', issuer), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-TOKEN': csrf.token },
    body: JSON.stringify({ username, password }),
  });
  const body = await answer.json().catch(() => ({}));
  if (answer.status !== 200) fail(`the password login answered ${answer.status}: ${body.message || body.error}`);
  if (!body.redirect || !body.redirect.includes('/oauth2/authorize')) {
    fail(`the password login did not resume the authorization request (it said to go to ${body.redirect})`);
  }
  let next = await browser.redirectFrom(new URL(body.redirect, issuer), {}, 'the resumed authorization request');
  if (new URL(next).pathname === '/oauth2/consent') {
    const page = await browser.request(next, { headers: { Accept: 'text/html' } });
    if (page.status !== 200) fail(`the consent page answered ${page.status}`);
    next = await browser.redirectFrom(new URL('/oauth2/authorize', issuer), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
      body: consentForm(await page.text()),
    }, 'the consent form');
  }
  return next;
}

async function run(issuer, username, password, clientId, redirectUri, postLogoutUri) {
  const secretVariable = `FACEGATE_RP_SECRET_${clientId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  const secret = process.env[secretVariable];
  const kind = secret ? 'confidential' : 'public';
  const config = await client.discovery(new URL(issuer), clientId, undefined,
    secret ? client.ClientSecretBasic(secret) : client.None(), {
      // http only on the loopback addresses the tests use; a real issuer is https.
      execute: [...(new URL(issuer).protocol === 'http:' ? [client.allowInsecureRequests] : []),
        client.enableNonRepudiationChecks],
    });
  if (config.serverMetadata().issuer !== issuer) {
    fail(`discovery announced issuer ${config.serverMetadata().issuer}, not ${issuer}`);
  }

  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });

  const browser = new Browser();
  const started = Math.floor(Date.now() / 1000);
  const callback = await browserLogin(browser, issuer, authorizationUrl, username, password);
  if (!callback.startsWith(`${redirectUri}?`)) fail(`FaceGate redirected to ${callback}, not to ${redirectUri}`);

  const tokens = await client.authorizationCodeGrant(config, new URL(callback), {
    pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (claims.preferred_username !== username) fail(`the ID token names ${claims.preferred_username}, not ${username}`);
  if (JSON.stringify(claims.amr) !== '["pwd"]') fail(`amr is ${JSON.stringify(claims.amr)}, not ["pwd"]`);
  if (claims.acr !== ONE_FACTOR) fail(`acr is ${claims.acr}, not ${ONE_FACTOR}`);
  const now = Math.floor(Date.now() / 1000);
  if (!(claims.auth_time >= started - 2 && claims.auth_time <= now + 2)) {
    fail(`auth_time ${claims.auth_time} is not the time of this login (${started}..${now})`);
  }

  const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
  if (userinfo.preferred_username !== username) fail(`userinfo names ${userinfo.preferred_username}, not ${username}`);

  // Logout names the ID token of the login, also after a refresh replaced it (FaceGate accepts it).
  const idToken = tokens.id_token;
  let refresh = 'no refresh token (public client)';
  if (secret) {
    if (!tokens.refresh_token) fail('the confidential client got no refresh token');
    const renewed = await client.refreshTokenGrant(config, tokens.refresh_token);
    const again = renewed.claims();
    if (!again || again.sub !== claims.sub || again.auth_time !== claims.auth_time) {
      fail('the refreshed ID token does not keep the subject and auth_time of the login');
    }
    if (!renewed.refresh_token || renewed.refresh_token === tokens.refresh_token) fail('the refresh token was not rotated');
    await client.fetchUserInfo(config, renewed.access_token, claims.sub);
    refresh = 'refreshed (rotated, ID token checked)';
  } else if (tokens.refresh_token) {
    fail('a public client was given a refresh token');
  }

  const endSession = client.buildEndSessionUrl(config, {
    id_token_hint: idToken, post_logout_redirect_uri: postLogoutUri, state,
  });
  const back = await browser.redirectFrom(endSession, {}, 'the end-session endpoint');
  if (back !== `${postLogoutUri}?state=${state}`) fail(`after the logout FaceGate sent the browser to ${back}`);
  const account = await browser.redirectFrom(new URL('/account', issuer), { headers: { Accept: 'text/html' } },
    '/account after the logout');
  if (new URL(account).pathname !== '/login') fail('FaceGate\'s session did not end with the logout');

  console.log(`${clientId} (${kind}, PKCE): ID token valid for sub ${claims.sub}, amr ${claims.amr.join(',')}, `
    + `acr ${claims.acr}, auth_time ${claims.auth_time}; userinfo ok; ${refresh}; logged out`);
}

const [issuer, username, ...rest] = process.argv.slice(2);
if (!issuer || !username || rest.length === 0 || rest.length % 3 !== 0) usage('wrong arguments');
const password = process.env.FACEGATE_RP_PASSWORD;
if (!password) usage('FACEGATE_RP_PASSWORD is not set');
try {
  for (let i = 0; i < rest.length; i += 3) {
    await run(issuer, username, password, rest[i], rest[i + 1], rest[i + 2]);
  }
} catch (e) {
  // openid-client's errors: an OAuth error answer carries error and error_description, a failed check a code.
  const detail = e instanceof Failure ? e.message
    : `${e.message}${e.code ? ` (${e.code})` : ''}${e.error ? `: ${e.error}` : ''}`
      + `${e.error_description ? ` (${e.error_description})` : ''}`
      + `${e.cause && e.cause.message ? `: ${e.cause.message}` : ''}`;
  console.error(`oidc-relying-party: ${detail}`);
  process.exit(1);
}
