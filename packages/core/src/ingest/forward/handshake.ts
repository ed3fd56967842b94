/**
 * The forward protocol's optional handshake, as Fluentd's `<security>` section does it:
 *   server → HELO  ['HELO', { nonce, auth, keepalive }]            nonce and auth salt: 16 random bytes each
 *   client → PING  ['PING', client_hostname, shared_key_salt, sha512_hex(salt + client_hostname + nonce + shared_key),
 *                   username, sha512_hex(auth_salt + username + password)]
 *   server → PONG  ['PONG', true, '', self_hostname, sha512_hex(salt + self_hostname + nonce + shared_key)]
 *             or   ['PONG', false, reason, '', ''] and the connection closes.
 * `auth` is empty (and username/password ignored) unless users are configured. Client strings are hashed as
 * the bytes they were sent as. Pure apart from the random bytes.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Decoder, encode } from '@msgpack/msgpack';

export interface ForwardUser {
  username: string;
  password: string;
}

export interface ForwardSecurity {
  /** The key both ends share (Fluentd's `shared_key`). */
  sharedKey: string;
  /** The name this server gives in PONG (Fluentd's `self_hostname`). */
  selfHostname: string;
  /** When not empty, a client must also give one of these (Fluentd's `user_auth` with `<user>` sections). */
  users: readonly ForwardUser[];
}

/** What one connection's handshake needs to remember between HELO and PING. */
export interface HandshakeState {
  nonce: Buffer;
  authSalt: Buffer;
}

export type PingResult = { ok: true; pong: Uint8Array } | { ok: false; reason: string; pong: Uint8Array };

/** A new HELO and the state to check the answer against. */
export function startHandshake(security: ForwardSecurity): { helo: Uint8Array; state: HandshakeState } {
  const state = { nonce: randomBytes(16), authSalt: security.users.length > 0 ? randomBytes(16) : Buffer.alloc(0) };
  // An empty auth salt goes as an empty string: clients read any non-empty value as "log in".
  const auth = state.authSalt.length > 0 ? state.authSalt : '';
  return { helo: encode(['HELO', { nonce: state.nonce, auth, keepalive: true }]), state };
}

// Raw strings: a client's salt and hostname are hashed as the bytes it sent (Fluent Bit sends raw salt bytes as str).
const rawDecoder = new Decoder({ rawStrings: true });

/** Checks a PING frame; the PONG to send either way. */
export function checkPing(frame: Uint8Array, security: ForwardSecurity, state: HandshakeState): PingResult {
  const fail = (reason: string): PingResult => ({ ok: false, reason, pong: encode(['PONG', false, reason, '', '']) });
  let message: unknown;
  try {
    message = rawDecoder.decode(frame);
  } catch {
    return fail('invalid ping message');
  }
  if (!Array.isArray(message) || message.length !== 6 || !message.every((part) => part instanceof Uint8Array)) {
    return fail('invalid ping message');
  }
  const [type, hostname, salt, digest, username, passwordDigest] = message as Uint8Array[];
  if (Buffer.from(type as Uint8Array).toString() !== 'PING') return fail('invalid ping message');
  const expected = sha512Hex(salt as Uint8Array, hostname as Uint8Array, state.nonce, security.sharedKey);
  if (!sameText(digest as Uint8Array, expected)) return fail('shared_key mismatch');
  if (security.users.length > 0) {
    const name = Buffer.from(username as Uint8Array).toString();
    const known = security.users.filter((user) => user.username === name);
    const match = known.some((user) =>
      sameText(passwordDigest as Uint8Array, sha512Hex(state.authSalt, user.username, user.password)),
    );
    if (!match) return fail('username/password mismatch');
  }
  const proof = sha512Hex(salt as Uint8Array, security.selfHostname, state.nonce, security.sharedKey);
  return { ok: true, pong: encode(['PONG', true, '', security.selfHostname, proof]) };
}

function sha512Hex(...parts: Array<Uint8Array | string>): string {
  const hash = createHash('sha512');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

// Constant-time for equal lengths; a digest of the wrong length is simply wrong.
function sameText(given: Uint8Array, expected: string): boolean {
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
