import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdentityTestApp, type IdentityTestApp, signIn } from '../../../test/identity-fixtures.ts';
import { buildClusterInput, client } from '../../../test/registry-fixtures.ts';
import { experts, holidayCalendar, recognitionRounds } from '../../db/schema/index.ts';
import { seedRecognitionDemo } from './recognition.demo.ts';

let t: IdentityTestApp;

beforeAll(async () => {
  t = await buildIdentityTestApp();
  const province = client(t, await signIn(t.app, 'demo-province'));
  for (const code of ['SD-C-0401', 'SD-C-0402', 'SD-C-0403']) {
    const r = await province.post(
      '/api/clusters',
      buildClusterInput({
        code,
        name: `候选 ${code}`,
        tier: 'candidate',
        cultivationTarget: 'provincial',
        status: 'cultivating',
      }),
    );
    expect(r.status).toBe(201);
  }
});
afterAll(async () => {
  await t.close();
});

describe('recognition demo seeding', () => {
  it('seeds the calendar, nine experts and one round in progress whose panel gives demo-expert work; a second call adds nothing', async () => {
    const actor = { actorId: null, actorName: 'system', ip: null, at: t.clock.now() };
    await seedRecognitionDemo(t.database.db, actor);
    await seedRecognitionDemo(t.database.db, actor);
    const db = t.database.db;
    expect((await db.select({ n: count() }).from(recognitionRounds))[0]?.n).toBe(1);
    expect((await db.select({ n: count() }).from(experts).where(eq(experts.isDemo, true)))[0]?.n).toBe(9);
    // 2026: 33 days off + 6 调休 working days
    expect((await db.select({ n: count() }).from(holidayCalendar))[0]?.n).toBe(39);
    const expertSession = await signIn(t.app, 'demo-expert');
    const mine = await client(t, expertSession).get('/api/recognition/assignments');
    const province = client(t, await signIn(t.app, 'demo-province'));
    const [round] = await db.select().from(recognitionRounds);
    const applications = await province.get(`/api/recognition/rounds/${round?.id}/applications`);
    const eligible = applications.body.items.filter((a: { status: string }) => a.status === 'eligible');
    expect(eligible.length).toBeGreaterThan(0);
    expect(round?.status).toBe('reviewing');
    // the clusters are in Weifang (370700), demo-expert is the Jinan (370100) expert of the pool: no recusal,
    // so demo-expert holds every eligible application when the seed-2026 draw put them on the 7-of-9 panel
    const pool = (await province.get('/api/recognition/experts')).body.items;
    const demoExpertId = pool.find((e: { userId: string | null }) => e.userId === expertSession.userId)?.id;
    const [panel] = (await province.get(`/api/recognition/rounds/${round?.id}/panels`)).body.items;
    expect(panel.memberIds).toHaveLength(7);
    // The demo chooses its seed so that demo-expert sits on the panel and has applications to score.
    expect(panel.memberIds).toContain(demoExpertId);
    expect(mine.body.items.length).toBeGreaterThan(0);
    // Each assignment names its stage as the round defines it, for the expert's list.
    const materials = ((round?.stages ?? []) as { code: string; name: string; nameEn: string }[]).find(
      (s) => s.code === 'materials',
    );
    expect(materials).toBeDefined();
    for (const item of mine.body.items) {
      expect([item.stageCode, item.stageName, item.stageNameEn]).toEqual([
        'materials',
        materials?.name,
        materials?.nameEn,
      ]);
    }
  });
});
