import { haveSharedFixtures } from '../shared-fixtures.js';

describe('the test set-up', () => {
  it('runs TypeScript as ESM', () => {
    expect(typeof import.meta.url).toBe('string');
    expect(typeof haveSharedFixtures).toBe('boolean');
  });
});
