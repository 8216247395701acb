import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regions } from '../src/db/schema/index.ts';
import { createTestDatabase, type TestDatabase, testDbKind } from './db.ts';

describe('test database harness', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it(`opens a migrated ${testDbKind()} database`, async () => {
    expect(database.kind).toBe(testDbKind());
    await database.db.insert(regions).values({ code: '370000', name: '山东省', level: 'province' });
    const rows = await database.db.select().from(regions);
    expect(rows).toEqual([
      {
        code: '370000',
        name: '山东省',
        nameEn: null,
        shortName: null,
        level: 'province',
        parentCode: null,
        sortOrder: 0,
        isHeart: false,
      },
    ]);
  });

  it('gives each test file its own database', async () => {
    const other = await createTestDatabase();
    try {
      expect(await other.db.select().from(regions)).toEqual([]);
    } finally {
      await other.drop();
    }
  });
});
