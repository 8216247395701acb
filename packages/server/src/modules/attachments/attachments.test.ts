import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { Document, Packer, Paragraph } from 'docx';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDbKind } from '../../../test/db.ts';
import { buildTestApp, signIn, type TestSession } from '../../../test/sessions.ts';
import { auditLog } from '../../db/schema/index.ts';
import { verifyAuditChain } from '../audit/audit.service.ts';
import { contentDisposition, detectKind } from './attachments.file-type.ts';

/** A multipart/form-data body with one file part, as a browser sends it. */
function multipart(
  filename: string,
  content: Buffer,
  field = 'file',
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----qunce-test-boundary-7MA4YWxkTrZu0gW';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, content, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Sample files: real xlsx/docx written by the libraries the platform uses, hand-made others. */
type SampleName = 'pdf' | 'png' | 'jpeg' | 'csv' | 'txt' | 'xls' | 'exe' | 'xlsx' | 'docx';
const samples: Record<SampleName, Buffer> = {
  pdf: Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'),
  png: (() => {
    const chunk = (type: string, data: Buffer) => {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(data.length);
      return Buffer.concat([length, Buffer.from(type), data, Buffer.alloc(4)]);
    };
    const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(Buffer.from([0, 0]))),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  })(),
  jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]),
  csv: Buffer.from('\uFEFF城市,集群数\n潍坊市,3\n济南市,5\n'),
  txt: Buffer.from('说明 / notes\n'),
  xls: Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]),
  exe: Buffer.concat([
    Buffer.from('MZ'),
    Buffer.alloc(62),
    Buffer.from('This program cannot be run in DOS mode'),
  ]),
  xlsx: Buffer.alloc(0),
  docx: Buffer.alloc(0),
};

describe('file type by content', () => {
  beforeAll(async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('集群').addRow(['潍坊市', 3]);
    samples.xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    samples.docx = await Packer.toBuffer(
      new Document({ sections: [{ children: [new Paragraph('申报书')] }] }),
    );
  });

  it.each([
    ['报告.pdf', 'pdf'],
    ['logo.PNG', 'png'],
    ['photo.jpg', 'jpeg'],
    ['photo.jpeg', 'jpeg'],
    ['数据.csv', 'csv'],
    ['notes.txt', 'txt'],
    ['数据.xlsx', 'xlsx'],
    ['申报书.docx', 'docx'],
  ] as const)('%s is accepted as %s', (filename, kind) => {
    const content = samples[kind === 'jpeg' ? 'jpeg' : kind];
    expect(detectKind(filename, content)).toBe(kind);
  });

  it.each([
    ['a docx renamed .xlsx', '数据.xlsx', 'docx', /does not match/],
    ['a PNG renamed .pdf', 'scan.pdf', 'png', /does not match/],
    ['an exe renamed .pdf', 'invoice.pdf', 'exe', /does not match/],
    ['an exe renamed .txt (binary, not text)', 'readme.txt', 'exe', /does not match/],
    ['an .xls saved as .xlsx', '数据.xlsx', 'xls', /save as \.xlsx/],
  ] as const)('refuses %s', (_, filename, sample, message) => {
    expect(() => detectKind(filename, samples[sample])).toThrow(message);
  });

  it.each([
    ['setup.exe', /\.exe is not accepted/],
    ['旧表.xls', /请另存为 \.xlsx \/ .*save as \.xlsx/],
    ['WPS表格.et', /save as \.xlsx/],
    ['旧文档.doc', /save as \.docx/],
    ['noextension', /\(none\) is not accepted/],
  ])('refuses %s by its extension', (filename, message) => {
    expect(() => detectKind(filename, samples.txt)).toThrow(message);
  });

  it('writes RFC 5987 Content-Disposition: ASCII fallback plus the exact UTF-8 name', () => {
    // Fallback: each non-ASCII character and each quote becomes "_"; filename*: UTF-8 bytes
    // percent-encoded, with ' ( ) * escaped as RFC 5987 attr-char requires.
    expect(contentDisposition('潍坊 "集群" (2025).xlsx')).toBe(
      `attachment; filename="__ ____ (2025).xlsx"; filename*=UTF-8''%E6%BD%8D%E5%9D%8A%20%22%E9%9B%86%E7%BE%A4%22%20%282025%29.xlsx`,
    );
    expect(contentDisposition('a\r\nSet-Cookie: x.txt')).not.toMatch(/[\r\n]/);
  });
});

describe(`attachments API (${testDbKind()})`, () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let city: TestSession;
  let province: TestSession;
  let cluster: TestSession;
  let expert: TestSession;

  beforeAll(async () => {
    database = await createTestDatabase();
    ({ app } = await buildTestApp(database, { uploadLimit: 64 * 1024 }));
    city = await signIn(app, 'demo-city');
    province = await signIn(app, 'demo-province');
    cluster = await signIn(app, 'demo-cluster');
    expert = await signIn(app, 'demo-expert');
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  async function upload(session: TestSession, filename: string, content: Buffer) {
    const body = multipart(filename, content);
    return app.inject({
      method: 'POST',
      url: '/api/attachments',
      headers: { ...session.headers, ...body.headers },
      payload: body.payload,
    });
  }

  it('stores an upload with its SHA-256 and audits it; the owner downloads it byte for byte, audited too', async () => {
    const response = await upload(city, '潍坊市 集群数据.xlsx', samples.xlsx);
    expect(response.statusCode).toBe(201);
    const attachment = response.json();
    const sha256 = createHash('sha256').update(samples.xlsx).digest('hex');
    expect(attachment).toMatchObject({
      filename: '潍坊市 集群数据.xlsx',
      kind: 'xlsx',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      size: samples.xlsx.length,
      sha256,
      ownerId: city.userId,
    });

    const download = await app.inject({
      method: 'GET',
      url: `/api/attachments/${attachment.id}`,
      headers: city.headers,
    });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(samples.xlsx)).toBe(true);
    expect(download.headers['content-type']).toBe(attachment.contentType);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="___ ____.xlsx"; filename*=UTF-8''${encodeURIComponent('潍坊市 集群数据.xlsx')}`,
    );

    const entries = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'attachment'), eq(auditLog.entityId, attachment.id)));
    expect(entries.map((entry) => [entry.action, entry.actorId])).toEqual([
      ['attachment.uploaded', city.userId],
      ['attachment.downloaded', city.userId],
    ]);
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
  });

  it('lets the province administrator read any attachment; other users get 404, anonymous 401', async () => {
    const { id } = (await upload(city, 'report.pdf', samples.pdf)).json();
    expect(
      (await app.inject({ method: 'GET', url: `/api/attachments/${id}`, headers: province.headers }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await app.inject({ method: 'GET', url: `/api/attachments/${id}/info`, headers: province.headers })
      ).json(),
    ).toMatchObject({ id, kind: 'pdf' });
    const other = await app.inject({
      method: 'GET',
      url: `/api/attachments/${id}`,
      headers: cluster.headers,
    });
    expect(other.statusCode).toBe(404);
    expect(
      (await app.inject({ method: 'GET', url: `/api/attachments/${id}/info`, headers: cluster.headers }))
        .statusCode,
    ).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/attachments/${id}` })).statusCode).toBe(401);
  });

  it('refuses by content and extension with 415 and a bilingual message; nothing is stored', async () => {
    const countBefore = (
      await database.db.select().from(auditLog).where(eq(auditLog.action, 'attachment.uploaded'))
    ).length;
    const exe = await upload(city, 'setup.exe', samples.exe);
    expect(exe.statusCode).toBe(415);
    expect(exe.json().error).toMatchObject({ code: 'unsupported_media_type' });
    const disguised = await upload(city, 'invoice.pdf', samples.exe);
    expect(disguised.statusCode).toBe(415);
    expect(disguised.json().error.message).toContain('文件内容与扩展名 .pdf 不符');
    const xls = await upload(city, '旧表.xls', samples.xls);
    expect(xls.statusCode).toBe(415);
    expect(xls.json().error.message).toContain('请另存为 .xlsx / .xls is not accepted: save as .xlsx');
    const countAfter = (
      await database.db.select().from(auditLog).where(eq(auditLog.action, 'attachment.uploaded'))
    ).length;
    expect(countAfter).toBe(countBefore);
  });

  it('refuses a file over the upload limit with 413 (limit here 64 KiB)', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(64 * 1024 + 1, 0x20)]);
    const response = await upload(city, 'big.pdf', big);
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
  });

  it('refuses a non-multipart body (415), an empty file (400), a missing CSRF token (403), a role without upload (403)', async () => {
    const json = await app.inject({
      method: 'POST',
      url: '/api/attachments',
      headers: city.headers,
      payload: { file: 'x' },
    });
    expect(json.statusCode).toBe(415);
    expect((await upload(city, 'empty.txt', Buffer.alloc(0))).statusCode).toBe(400);
    const body = multipart('a.txt', samples.txt);
    const noCsrf = await app.inject({
      method: 'POST',
      url: '/api/attachments',
      headers: { cookie: city.cookie, ...body.headers },
      payload: body.payload,
    });
    expect(noCsrf.statusCode).toBe(403);
    // The expert role reads the attachments of assigned applications but uploads nothing.
    expect((await upload(expert, 'a.txt', samples.txt)).statusCode).toBe(403);
  });

  it('keeps only the base name of a path-like file name', async () => {
    const response = await upload(city, '..\\..\\windows\\数据.csv', samples.csv);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ filename: '数据.csv', kind: 'csv', contentType: 'text/csv' });
  });
});
