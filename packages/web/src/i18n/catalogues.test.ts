import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { localiseServerMessage, placeholdersOf, translate } from './translate.ts';
import { zhCN } from './zh-CN.ts';

describe('message catalogues', () => {
  const zhKeys = Object.keys(zhCN).sort();
  const enKeys = Object.keys(en).sort();

  it('English has exactly the keys of Chinese (no missing, no extra)', () => {
    expect(enKeys.filter((key) => !(key in zhCN))).toEqual([]);
    expect(zhKeys.filter((key) => !(key in en))).toEqual([]);
    expect(enKeys.length).toBe(zhKeys.length);
  });

  it('every message uses the same {placeholders} in both languages', () => {
    const mismatches = zhKeys.filter((key) => {
      const k = key as keyof typeof zhCN;
      return placeholdersOf(zhCN[k]).join(',') !== placeholdersOf(en[k]).join(',');
    });
    expect(mismatches).toEqual([]);
  });

  it('no message is empty and the English one holds no Chinese characters (except the language name)', () => {
    for (const key of zhKeys) {
      const k = key as keyof typeof zhCN;
      expect(zhCN[k].trim(), key).not.toBe('');
      expect(en[k].trim(), key).not.toBe('');
      if (k !== 'locale.zh-CN') expect(en[k], key).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('translate', () => {
  it('fills placeholders: "{page}：建设中" with page=集群 gives "集群：建设中"', () => {
    expect(translate('zh-CN', 'page.underConstruction.title', { page: '集群' })).toBe('集群：建设中');
    expect(translate('en', 'page.underConstruction.title', { page: 'Clusters' })).toBe(
      'Clusters: under construction',
    );
  });

  it('leaves a placeholder visible when its value is missing', () => {
    expect(translate('en', 'page.notFound.subtitle', {})).toBe('There is no page at {path}.');
  });

  it('picks the half of a bilingual server message for the UI language', () => {
    const message = '请求体过大 / request body too large';
    expect(localiseServerMessage(message, 'zh-CN')).toBe('请求体过大');
    expect(localiseServerMessage(message, 'en')).toBe('request body too large');
    expect(localiseServerMessage('plain', 'en')).toBe('plain');
  });
});
