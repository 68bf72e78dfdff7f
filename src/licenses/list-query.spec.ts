import { parseListOrder, parseListQuery } from './list-query';

const columns = (...data: string[]) => Object.fromEntries(data.map((d, i) => [`columns[${i}][data]`, d]));

describe('list query: DataTables order', () => {
  it('maps order[i][column] through columns[i][data] to a sortable field', () => {
    const q = { ...columns('license_key', 'email', 'date_created'), 'order[0][column]': '1', 'order[0][dir]': 'asc' };
    expect(parseListOrder(q)).toEqual([{ field: 'email', dir: 'ASC' }]);
    expect(parseListQuery(q).query.order).toEqual([{ field: 'email', dir: 'ASC' }]);
  });

  it('keeps several entries in index order, each field once', () => {
    const q = {
      ...columns('license_status', 'date_expiry', 'last_name'),
      'order[1][column]': '2',
      'order[1][dir]': 'DESC',
      'order[0][column]': '0',
      'order[0][dir]': 'asc',
      'order[2][column]': '0',
      'order[2][dir]': 'desc',
    };
    expect(parseListOrder(q)).toEqual([
      { field: 'status', dir: 'ASC' },
      { field: 'lastName', dir: 'DESC' },
    ]);
  });

  it('falls back to columns[i][name] and defaults the direction to asc', () => {
    expect(parseListOrder({ 'columns[0][data]': '0', 'columns[0][name]': 'first_name', 'order[0][column]': '0' })).toEqual([{ field: 'firstName', dir: 'ASC' }]);
  });

  it.each([
    ['an unknown column', { ...columns('password'), 'order[0][column]': '0', 'order[0][dir]': 'asc' }],
    ['a column index without columns[]', { 'order[0][column]': '7', 'order[0][dir]': 'asc' }],
    ['a column that is not an index', { ...columns('email'), 'order[0][column]': 'email; DROP TABLE licenses', 'order[0][dir]': 'asc' }],
    ['an unknown direction', { ...columns('email'), 'order[0][column]': '0', 'order[0][dir]': 'sideways' }],
    ['an orderable=false column', { ...columns('email'), 'columns[0][orderable]': 'false', 'order[0][column]': '0', 'order[0][dir]': 'asc' }],
    ['a repeated parameter', { ...columns('email'), 'order[0][column]': ['0', '1'], 'order[0][dir]': 'asc' }],
    ['an inherited property name', { ...columns('constructor'), 'order[0][column]': '0', 'order[0][dir]': 'asc' }],
  ])('ignores %s (newest first), without an error', (_label, q) => {
    expect(parseListOrder(q)).toEqual([]);
    expect(parseListQuery(q).errors).toEqual({});
  });
});
