import { FieldErrors } from '../contract.exception';
import { queryInt } from './query-int';

describe('queryInt', () => {
  it('gives the default for an absent or empty value', () => {
    const errors: FieldErrors = {};
    expect(queryInt(undefined, 'limit', 100, 1, 1000, errors)).toBe(100);
    expect(queryInt('', 'limit', 100, 1, 1000, errors)).toBe(100);
    expect(errors).toEqual({});
  });

  it('accepts whole numbers within the bounds', () => {
    const errors: FieldErrors = {};
    expect(queryInt(' 250 ', 'limit', 100, 1, 1000, errors)).toBe(250);
    expect(queryInt('0', 'offset', 0, 0, 10, errors)).toBe(0);
    expect(errors).toEqual({});
  });

  it.each([['0'], ['1001'], ['-1'], ['1.5'], ['ten'], [['1', '2']], ['99999999999']])('records %j as an error naming the field', (value) => {
    const errors: FieldErrors = {};
    expect(queryInt(value, 'limit', 100, 1, 1000, errors)).toBe(100);
    expect(errors).toEqual({ limit: ['limit must be a whole number from 1 to 1000'] });
  });
});
