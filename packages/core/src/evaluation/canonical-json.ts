/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): object members sorted by the UTF-16 code units of their
 * names, no whitespace, numbers in the ECMAScript shortest round-trip form (JSON.stringify's), strings
 * escaped as JSON.stringify does. Members whose value is undefined are omitted (as JSON does); NaN and
 * ±Infinity are not JSON and are refused.
 */
export function canonicalJson(value: unknown): string {
  return write(value);
}

function write(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return numberText(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value) || ArrayBuffer.isView(value)) {
        const items = value as ArrayLike<unknown>;
        let out = '[';
        for (let i = 0; i < items.length; i++) {
          if (i > 0) out += ',';
          const item = items[i];
          // Fast path for the long numeric columns of evaluation data.
          out += typeof item === 'number' ? numberText(item) : write(item === undefined ? null : item);
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort(compareCodeUnits);
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        if (i > 0) out += ',';
        out += `${JSON.stringify(key)}:${write(record[key])}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot serialise a ${typeof value}`);
  }
}

/** ECMAScript Number-to-String (what JSON.stringify prints), with −0 as 0 and NaN / ±Infinity refused. */
function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`canonicalJson: ${value} is not a JSON number`);
  return value === 0 ? '0' : String(value);
}

/** Orders strings by UTF-16 code units (JavaScript's default string comparison, as RFC 8785 asks). */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
