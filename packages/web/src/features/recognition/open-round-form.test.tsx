import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, stubHttp } from '../../test/http-stub.ts';
import { renderApp } from '../../test/render-app.tsx';
import { regionsBody, sessionFor } from '../../test/session-fixture.ts';

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function typeDate(label: string, value: string) {
  const input = screen.getByLabelText(label);
  fireEvent.mouseDown(input);
  fireEvent.change(input, { target: { value } });
  fireEvent.keyDown(input, { key: 'Enter', code: 'Enter' });
  fireEvent.blur(input);
}

describe('open a recognition round', () => {
  it('asks for the required fields, then posts the round with one stage and the eligibility rules', async () => {
    const { requests } = stubHttp({
      'GET /api/auth/me': () => json(200, sessionFor('province_admin')),
      'GET /api/reference/regions': () => json(200, regionsBody),
      'GET /api/recognition/rounds': () => json(200, { items: [] }),
      'POST /api/recognition/rounds': () => json(201, { id: 'r1' }),
    });
    renderApp('/recognition');
    expect(await screen.findByText('暂无认定轮次')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '发起认定轮次' }));
    await screen.findByLabelText('名称');
    const submit = () => {
      const buttons = screen.getAllByRole('button', { name: '发起认定轮次' });
      const last = buttons[buttons.length - 1];
      if (last) fireEvent.click(last);
    };
    submit();
    expect((await screen.findAllByText('必填')).length).toBeGreaterThan(0);
    expect(requests.some((r) => r.method === 'POST')).toBe(false);

    fireEvent.change(screen.getByLabelText('名称'), { target: { value: '2026年省级集群认定' } });
    typeDate('申报截止', '2026-06-30');
    typeDate('评审截止', '2026-07-31');
    submit();
    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    expect(requests.find((r) => r.method === 'POST')?.body).toMatchObject({
      name: '2026年省级集群认定',
      targetTier: 'provincial',
      applicationDeadline: '2026-06-30',
      stages: [{ code: 'materials', name: '材料评审', deadline: '2026-07-31', panelSize: 5 }],
      eligibilityRules: { requirePromotingOrganisation: true },
      quantitativeWeight: 0.5,
    });
  });
});
