import { ValidationError } from '../errors';
import { parseDuration } from './prune';

describe('parseDuration', () => {
  it.each([
    ['7d', 7 * 86400000],
    ['12h', 12 * 3600000],
    ['90m', 90 * 60000],
    ['30s', 30000],
    ['2w', 2 * 604800000],
    ['1d12h', 36 * 3600000],
    [' 3D ', 3 * 86400000],
  ])('reads %p', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '7', 'd', '7x', '-1d', '0d', '7d; drop', '1.5h'])('rejects %p naming the parameter', (text) => {
    expect(() => parseDuration(text)).toThrow(ValidationError);
    try {
      parseDuration(text);
    } catch (error) {
      expect((error as ValidationError).parameter).toBe('older-than');
    }
  });
});
