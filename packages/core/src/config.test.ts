import { ValidationError } from './errors';
import { bearerToken, loadConfig } from './config';

describe('loadConfig', () => {
  it('takes the API token as given when it is one word', () => {
    expect(loadConfig({ LOGCAS_API_TOKEN: 'abc-123_XYZ.=' }).apiToken).toBe('abc-123_XYZ.=');
    expect(loadConfig({ LOGCAS_API_TOKEN: '' }).apiToken).toBeUndefined();
  });

  it.each([
    ['inner space', 'two words', '" " at character 4'],
    ['trailing newline from $(cat file)', 'secret\n', '"\\n" at character 7'],
    ['tab', '\tsecret', '"\\t" at character 1'],
  ])('refuses a token with whitespace (%s), naming the variable and where', (_what, token, where) => {
    expect(() => loadConfig({ LOGCAS_API_TOKEN: token })).toThrow(ValidationError);
    expect(() => bearerToken(token, 'LOGCAS_API_TOKEN')).toThrow(`LOGCAS_API_TOKEN contains whitespace (${where})`);
  });
});
