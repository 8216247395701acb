/**
 * Coded references typed by name or by code: cities (潍坊, 潍坊市, 山东省潍坊市, 370700), counties,
 * clusters, industries, any controlled list. A lookup is built once from its entries and then matches
 * each cell in constant time. Keys are compared with spaces removed, full-width folded and letters
 * upper-cased; a name shared by two entries (市中区 is in both Jinan and Zaozhuang) is refused as
 * ambiguous rather than guessed.
 */
import { removeSpaces, toHalfWidth } from '../validators/full-width.ts';
import type { RawCell } from './cell-text.ts';
import { type CellResult, cellError, cellOk } from './import-issue.ts';

export type LookupEntry = {
  code: string;
  name: string;
  /** Short names and other spellings (潍坊 for 潍坊市). */
  aliases?: readonly string[];
};

export type LookupOptions = {
  /** What the list is, for messages: { zh: '城市', en: 'city' }. */
  label: { zh: string; en: string };
  /** Suffixes that may be left off a name (市, 区, 县): 寿光 matches 寿光市. */
  optionalSuffixes?: readonly string[];
  /** Prefixes that may be written before a name (山东省, 山东): 山东省潍坊市 matches 潍坊市. */
  optionalPrefixes?: readonly string[];
};

export type Lookup = (raw: RawCell) => CellResult<string | null>;

function key(text: string): string {
  return removeSpaces(toHalfWidth(text)).toUpperCase();
}

export function createLookup(entries: readonly LookupEntry[], options: LookupOptions): Lookup {
  const byCode = new Map<string, LookupEntry>();
  const byName = new Map<string, Set<LookupEntry>>();
  const suffixes = options.optionalSuffixes ?? [];
  const addName = (name: string, entry: LookupEntry) => {
    const k = key(name);
    if (k === '') return;
    const set = byName.get(k) ?? new Set<LookupEntry>();
    set.add(entry);
    byName.set(k, set);
  };
  for (const entry of entries) {
    byCode.set(key(entry.code), entry);
    for (const name of [entry.name, ...(entry.aliases ?? [])]) {
      addName(name, entry);
      for (const suffix of suffixes) {
        if (name.endsWith(suffix) && name.length > suffix.length + 1)
          addName(name.slice(0, -suffix.length), entry);
      }
    }
  }
  const prefixes = (options.optionalPrefixes ?? []).map(key).sort((a, b) => b.length - a.length);
  const { zh, en } = options.label;

  const find = (k: string): Set<LookupEntry> | undefined => {
    const direct = byName.get(k);
    if (direct) return direct;
    for (const prefix of prefixes) {
      if (k.startsWith(prefix) && k.length > prefix.length) {
        const rest = byName.get(k.slice(prefix.length));
        if (rest) return rest;
      }
    }
    return undefined;
  };

  return (raw) => {
    if (raw === null || raw === undefined) return cellOk(null);
    if (typeof raw === 'boolean' || raw instanceof Date)
      return cellError(`应为${zh}名称或代码 / expected a ${en} name or code`);
    const text = String(raw);
    const k = key(text);
    if (k === '') return cellOk(null);
    const exact = byCode.get(k);
    if (exact)
      return cellOk(
        exact.code,
        // A code typed exactly as it is needs no notice (lower-case codes too: enterprise, cluster).
        text === exact.code ? [] : [`“${text}”读作 ${exact.code} / “${text}” read as ${exact.code}`],
      );
    const found = find(k);
    if (!found || found.size === 0) return cellError(`未知${zh}“${text}” / unknown ${en} “${text}”`);
    if (found.size > 1) {
      const codes = [...found].map((e) => `${e.name} ${e.code}`).join('、');
      return cellError(
        `${zh}“${text}”不唯一（${codes}），请填写代码 / ${en} “${text}” is ambiguous (${codes}): give the code`,
      );
    }
    const [entry] = [...found];
    if (!entry) return cellError(`未知${zh}“${text}” / unknown ${en} “${text}”`);
    if (text === entry.name) return cellOk(entry.code);
    return cellOk(entry.code, [
      `“${text}”读作${entry.name}（${entry.code}） / “${text}” read as ${entry.name} (${entry.code})`,
    ]);
  };
}

export type CityRef = { code: string; name: string; short?: string };

/** City lookup: 潍坊, 潍坊市, 山东省潍坊市, 山东潍坊 and 370700 all give 370700. */
export function createCityLookup(
  cities: readonly CityRef[],
  provinceNames: readonly string[] = ['山东省', '山东'],
): Lookup {
  return createLookup(
    cities.map((c) => ({ code: c.code, name: c.name, aliases: c.short ? [c.short] : [] })),
    { label: { zh: '城市', en: 'city' }, optionalSuffixes: ['市'], optionalPrefixes: provinceNames },
  );
}
