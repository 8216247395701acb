import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { localeStorageKey } from '../i18n/locale-context.tsx';
import { errorBody, json, stubHttp } from '../test/http-stub.ts';
import { renderApp } from '../test/render-app.tsx';

beforeEach(() => {
  localStorage.clear();
  stubHttp({ 'GET /api/auth/me': () => json(401, errorBody('unauthenticated', '请先登录 / sign in first')) });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('language switch', () => {
  it('starts in Chinese, switches to English, remembers it, and switches back', async () => {
    renderApp('/login');
    expect(await screen.findByRole('heading', { name: '登录' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('zh-CN');

    // The switch is a radio group named in the current language, operable by its option labels.
    const group = screen.getByRole('radiogroup', { name: '界面语言' });
    fireEvent.click(within(group).getByText('English'));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByRole('radiogroup', { name: 'Language' })).toBeTruthy();
    expect(screen.getByLabelText('Username')).toBeTruthy();
    expect(localStorage.getItem(localeStorageKey)).toBe('en');
    await waitFor(() => expect(document.documentElement.lang).toBe('en'));

    // A new visit (fresh app, same browser storage) opens in English.
    cleanup();
    renderApp('/login');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();

    fireEvent.click(screen.getByText('中文'));
    expect(await screen.findByRole('heading', { name: '登录' })).toBeTruthy();
    expect(localStorage.getItem(localeStorageKey)).toBe('zh-CN');
  });

  it('form validation messages follow the chosen language', async () => {
    renderApp('/login');
    fireEvent.click(await screen.findByText('English'));
    fireEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter your username')).toBeTruthy();
  });

  it('ignores a stored value that is not a supported language', async () => {
    localStorage.setItem(localeStorageKey, 'fr');
    renderApp('/login');
    expect(await screen.findByRole('heading', { name: '登录' })).toBeTruthy();
  });
});
