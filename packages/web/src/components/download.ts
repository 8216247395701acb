import { ApiError, type ApiErrorCode } from '../api/client.ts';
import { buildXlsx, type XlsxSheet, xlsxMimeType } from './xlsx-writer.ts';

/** Saves bytes or a data URL under a file name through a temporary link (no server round trip). */
export function saveFile(content: Blob | string, fileName: string): void {
  const href = typeof content === 'string' ? content : URL.createObjectURL(content);
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  if (typeof content !== 'string') setTimeout(() => URL.revokeObjectURL(href), 1000);
}

export function saveXlsx(sheets: readonly XlsxSheet[], fileName: string): void {
  const bytes = buildXlsx(sheets);
  saveFile(new Blob([bytes.buffer as ArrayBuffer], { type: xlsxMimeType }), fileName);
}

/** The file name of a `content-disposition` header (RFC 6266 `filename*=UTF-8''…` first). */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/**
 * Downloads a server file (an export, a template, an error workbook) with the session cookie and
 * saves it under the server's file name; an error answer is thrown as `ApiError` (the page shows it)
 * instead of being saved as a file.
 */
export async function downloadFrom(url: string, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器 / cannot reach the server');
  }
  if (!response.ok) {
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const error = (body as { error?: { code?: ApiErrorCode; message?: string } } | undefined)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? (response.status === 404 ? 'not_found' : 'internal'),
      error?.message ?? `HTTP ${response.status}`,
    );
  }
  saveFile(await response.blob(), fileNameOf(response.headers.get('content-disposition'), fallbackName));
}

/** A query string of the non-empty values, for export addresses that repeat the list's filters. */
export function queryString(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
