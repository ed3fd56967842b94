import { IoError, NotFoundError, UnavailableError, ValidationError } from '../errors';
import { describeFailure } from './main';

describe('describeFailure', () => {
  it.each([
    [new ValidationError('--port must be a port number 0-65535, got x', 'port'), 2],
    [new IoError('cannot read /var/log/nova/nova-api.log: ENOENT'), 2],
    [new UnavailableError('MongoDB at mongodb://db:27017 is not reachable'), 3],
    [new NotFoundError('no request req-1'), 4],
    [new Error('a bug'), 1],
  ])('%s exits %i', (error, code) => {
    const failure = describeFailure(error);
    expect(failure.code).toBe(code);
    expect(failure.message).toContain(error.message);
  });

  it('prints a stack only for unexpected errors', () => {
    expect(describeFailure(new UnavailableError('the database is not reachable')).message).not.toMatch(/\n\s+at /);
    expect(describeFailure(new Error('a bug')).message).toMatch(/\n\s+at /);
  });
});
