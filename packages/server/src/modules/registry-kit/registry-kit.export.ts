/**
 * List exports (issue 4, item 4): `GET /api/<list>/export?format=xlsx|csv&<the list's filters and sort>`
 * writes every row the list would show, in the list's order and within the user's scope, as .xlsx or
 * CSV (spreadsheet/export-writer.ts: streamed, formula injection neutralised). Rows are read page by
 * page through the list's own service function, so the export is exactly the filtered list and a
 * 20,000-row registry never sits in memory as one array. The export is audited `<entity>.exported`
 * with the filter and the row count once the last row has been read.
 */
import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { type ExportValue, writeCsvExport, writeXlsxExport } from '../../spreadsheet/export-writer.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { SessionUser } from '../auth/auth.hooks.ts';
import { actorOf, chinaDate } from '../clusters/registry.scope.ts';

export const exportFormats = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** The `format` query parameter of every export route (default .xlsx). */
export const exportFormatShape = { format: z.enum(exportFormats).default('xlsx') };

/** A list's query schema plus `format`; works for refined list schemas too (an intersection). */
export function exportQuerySchema<T extends z.ZodType>(listQuery: T) {
  return z.intersection(listQuery, z.object(exportFormatShape));
}

/** One exported column: a bilingual header (中文 / English) and how to read the value from a row. */
export type ExportField<Item> = {
  header: string;
  value: (item: Item) => ExportValue;
  width?: number;
  numFmt?: string;
};

/** Rows per page read from the list while exporting. */
export const exportPageSize = 1000;

export type ListExport<Item> = {
  /** Audit entity type: `cluster` → action `cluster.exported`. */
  entityType: string;
  /** File name stem, ASCII (`clusters`) and Chinese (`集群`), dated by the China calendar date. */
  fileStem: { en: string; zh: string };
  sheetName: string;
  fields: readonly ExportField<Item>[];
  /** The list's service call for one page (the list's own filters, sort and scope). */
  fetchPage: (page: number, pageSize: number) => Promise<{ items: Item[] }>;
  /** The filter as the user gave it, recorded in the audit entry (format and paging left out). */
  filter: Record<string, unknown>;
};

const mediaTypes: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** `attachment; filename="clusters-2026-11-28.xlsx"; filename*=UTF-8''%E9%9B%86%E7%BE%A4-….xlsx` */
export function exportDisposition(
  stem: { en: string; zh: string },
  date: string,
  format: ExportFormat,
): string {
  const ascii = `${stem.en}-${date}.${format}`;
  const utf8 = encodeURIComponent(`${stem.zh}-${date}.${format}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

/** The filter without paging and format, and without empty values, for the audit entry. */
export function auditFilterOf(query: Record<string, unknown>): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (key === 'page' || key === 'pageSize' || key === 'format' || value === undefined) continue;
    filter[key] = value;
  }
  return filter;
}

/**
 * Streams the export as the reply. The first page is read before anything is sent, so a list error
 * (404 outside the scope, 422) is still an ordinary error response; a failure later in the stream
 * aborts the download (the client sees a truncated file, never a silently short one).
 */
export async function sendListExport<Item>(
  request: FastifyRequest,
  reply: FastifyReply,
  context: { db: DbOrTx; user: SessionUser; at: Date; format: ExportFormat },
  spec: ListExport<Item>,
): Promise<FastifyReply> {
  const { db, user, at, format } = context;
  const first = await spec.fetchPage(1, exportPageSize);
  const columns = spec.fields.map((field, index) => ({
    key: String(index),
    header: field.header,
    ...(field.width === undefined ? {} : { width: field.width }),
    ...(field.numFmt === undefined ? {} : { numFmt: field.numFmt }),
  }));
  const toRecord = (item: Item): Record<string, ExportValue> => {
    const record: Record<string, ExportValue> = {};
    spec.fields.forEach((field, index) => {
      record[String(index)] = field.value(item);
    });
    return record;
  };

  async function* rows(): AsyncGenerator<Record<string, ExportValue>> {
    let items = first.items;
    let page = 1;
    let count = 0;
    for (;;) {
      for (const item of items) {
        count++;
        yield toRecord(item);
      }
      if (items.length < exportPageSize) break;
      page++;
      items = (await spec.fetchPage(page, exportPageSize)).items;
    }
    // Audited once every row has been read, before the file is closed.
    await appendAudit(db, {
      ...actorOf(user, request, at),
      action: `${spec.entityType}.exported`,
      entityType: spec.entityType,
      entityId: null,
      after: { format, filter: spec.filter, rows: count },
    });
  }

  const body = new PassThrough();
  const writing =
    format === 'xlsx'
      ? writeXlsxExport(body, { sheetName: spec.sheetName, columns, rows: rows() })
      : writeCsvExport(body, { columns, rows: rows() }).then((count) => {
          body.end();
          return count;
        });
  writing.catch((error: unknown) => {
    request.log.error({ err: error }, 'export failed');
    body.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return reply
    .header('content-type', mediaTypes[format])
    .header('content-disposition', exportDisposition(spec.fileStem, chinaDate(at), format))
    .header('cache-control', 'no-store')
    .send(body);
}
