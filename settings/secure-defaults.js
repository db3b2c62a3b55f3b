// Safe-by-default pieces of the `npm start` settings (settings/wes-settings.js):
// - credentials from WES_USER / WES_PASSWORD (or WES_PASSWORD_HASH, a bcrypt hash) protect the
//   editor (adminAuth), every /wes/* route and the dashboard page (httpNodeAuth);
// - the dashboard's socket.io asks for the same Basic credentials as the page: the page is
//   behind httpNodeAuth but Dashboard 2.0's socket is not an Express route, and relay switches
//   travel on it;
// - no Access-Control-* header unless WES_CORS_ORIGIN names the one origin allowed: the
//   editor's API adds `Access-Control-Allow-Origin: *` to every answer, and with the admin
//   root at "/" that covered /wes/history too, so any page a LAN user opened could read it.
'use strict';
const crypto = require('node:crypto');
const http = require('node:http');

/** The node-red bundled bcryptjs (Node-RED stores bcrypt hashes in its settings). */
function bcrypt() {
  // eslint-disable-next-line global-require
  return require('bcryptjs');
}

/** { user, hash } from the environment, or null when no credentials are set. */
function credentialsFromEnv(env = process.env) {
  const user = env.WES_USER || 'admin';
  if (env.WES_PASSWORD_HASH) return { user, hash: env.WES_PASSWORD_HASH };
  if (env.WES_PASSWORD) return { user, hash: bcrypt().hashSync(env.WES_PASSWORD, 10) };
  return null;
}

/** The adminAuth and httpNodeAuth settings for those credentials. */
function authSettings(creds) {
  if (!creds) return {};
  return {
    adminAuth: { type: 'credentials', users: [{ username: creds.user, password: creds.hash, permissions: '*' }] },
    httpNodeAuth: { user: creds.user, pass: creds.hash },
  };
}

/**
 * Drops every Access-Control-* header unless the request comes from `allowedOrigin`.
 * Node-RED's editor API installs `cors({ origin: "*" })` ahead of every settings hook
 * (@node-red/editor-api/lib/index.js) and, with the admin root at "/", in front of /wes/* too;
 * it also answers preflights by itself. The only place left to stop it is the header write, so
 * this wraps ServerResponse.setHeader once for the process (npm start runs nothing else in it).
 */
function installCorsGuard(allowedOrigin) {
  const proto = http.ServerResponse.prototype;
  if (proto.wesCorsGuard) {
    proto.wesCorsGuard.allowedOrigin = allowedOrigin;
    return;
  }
  const guard = { allowedOrigin };
  const setHeader = proto.setHeader;
  proto.setHeader = function guardedSetHeader(name, value) {
    if (/^access-control-/i.test(String(name))) {
      const origin = this.req && this.req.headers ? this.req.headers.origin : undefined;
      if (!guard.allowedOrigin || origin !== guard.allowedOrigin) return this;
      if (/^access-control-allow-origin$/i.test(String(name))) value = guard.allowedOrigin;
    }
    return setHeader.call(this, name, value);
  };
  // Node-RED 4 let the editor API's CORS answer on httpNode routes too (one Express app);
  // Node-RED 5 does not, so the allowed origin is answered here, on every route, for both.
  const writeHead = proto.writeHead;
  proto.writeHead = function guardedWriteHead(...args) {
    const origin = this.req && this.req.headers ? this.req.headers.origin : undefined;
    if (guard.allowedOrigin && origin === guard.allowedOrigin && !this.headersSent && !this.hasHeader('access-control-allow-origin')) {
      setHeader.call(this, 'Access-Control-Allow-Origin', guard.allowedOrigin);
      setHeader.call(this, 'Vary', 'Origin');
    }
    return writeHead.apply(this, args);
  };
  Object.defineProperty(proto, 'wesCorsGuard', { value: guard });
}

/** The Basic credentials of a request's Authorization header, or null. */
function basicCredentials(header) {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header || '');
  if (!m) return null;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? null : { user: text.slice(0, colon), pass: text.slice(colon + 1) };
}

/**
 * A Dashboard 2.0 ioMiddleware: Dashboard's own checks (no direct websocket, same origin), then
 * httpNodeAuth's credentials when they are set. `nodeAuth()` is read at each connection, so a
 * settings file that spreads ours and adds httpNodeAuth is obeyed.
 */
function dashboardSocketAuth(nodeAuth) {
  let cached = null;
  const matches = (auth, pass) => {
    if (cached && cached.hash === auth.pass && cached.pass === pass) return true;
    const ok =
      auth.pass.length === 32
        ? crypto.createHash('md5').update(pass, 'utf8').digest('hex') === auth.pass
        : bcrypt().compareSync(pass, auth.pass);
    if (ok) cached = { hash: auth.pass, pass };
    return ok;
  };
  return function wesSocketAuth(socket, next) {
    const request = socket.client.conn.request;
    if (request.url.indexOf('transport=websocket') !== -1) {
      socket.client.conn.close();
      return;
    }
    if (socket.handshake.xdomain !== false) {
      socket.disconnect(true);
      return;
    }
    const auth = nodeAuth();
    if (!auth || typeof auth !== 'object' || typeof auth.pass !== 'string') {
      next();
      return;
    }
    const given = basicCredentials(socket.handshake.headers.authorization);
    if (given && given.user === auth.user && matches(auth, given.pass)) next();
    else next(new Error('Authorization Required'));
  };
}

module.exports = { credentialsFromEnv, authSettings, installCorsGuard, dashboardSocketAuth, basicCredentials };
