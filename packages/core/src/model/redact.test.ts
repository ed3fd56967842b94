import { REDACTED, redactSecrets, redactText } from './redact';

describe('redactText', () => {
  it.each([
    [
      'REQ: curl -g -i -X GET http://10.0.0.5/identity/v3 -H "X-Auth-Token: gAAAAABnXy0Q" -H "Accept: application/json"',
      'REQ: curl -g -i -X GET http://10.0.0.5/identity/v3 -H "X-Auth-Token: ***" -H "Accept: application/json"',
    ],
    [
      'RESP BODY: {"user": {"name": "admin", "password": "s3cr3t"}}',
      'RESP BODY: {"user": {"name": "admin", "password": "***"}}',
    ],
    ['auth_token=abc123 and more', 'auth_token=*** and more'],
    // An object under a secret-looking key keeps its structure; its inner secrets are still masked.
    [
      '{"password": {"user": {"name": "demo", "password": "pw"}}}',
      '{"password": {"user": {"name": "demo", "password": "***"}}}',
    ],
    ['Instance spawned successfully.', 'Instance spawned successfully.'],
  ])('masks %p', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });
});

describe('redactSecrets', () => {
  it('replaces secret-looking keys at any depth and keeps the rest', () => {
    const input = {
      auth_token: 'gAAAA',
      context: { service_catalog: [{ endpoints: [] }], user_name: 'admin', X_Auth_Token: 't' },
      list: [{ password: 'p', ok: 1 }],
      ts: new Date(0),
    };
    expect(redactSecrets(input)).toEqual({
      auth_token: REDACTED,
      context: { service_catalog: REDACTED, user_name: 'admin', X_Auth_Token: REDACTED },
      list: [{ password: REDACTED, ok: 1 }],
      ts: new Date(0),
    });
  });

  it('leaves a secret-looking key without a value as it is', () => {
    // oslo.context's get_logging_values for a request without a token.
    const input = { context: { auth_token: null, request_id: 'req-1' }, password: undefined };
    expect(redactSecrets(input)).toEqual({ context: { auth_token: null, request_id: 'req-1' }, password: undefined });
  });
});
