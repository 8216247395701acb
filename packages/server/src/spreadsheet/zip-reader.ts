/**
 * A small random-access zip reader for uploaded workbooks. It reads the central directory first (so
 * the order of entries in the archive does not matter: sharedStrings.xml may come after the sheets),
 * then inflates one entry at a time as a stream. Zip-bomb limits are enforced while inflating, on the
 * bytes actually produced, not on the sizes the archive declares: a limit is hit after at most one
 * chunk past it, so a bomb is refused in milliseconds, never written anywhere.
 */
import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { AppError } from '@qunce/core';

export type ZipLimits = {
  /** Most entries an archive may list (an .xlsx has a few dozen). */
  maxEntries: number;
  /** Most bytes all inflated entries together may produce. */
  maxUncompressedBytes: number;
  /** Largest inflated/compressed ratio of one entry, checked once it has produced `ratioGraceBytes`. */
  maxCompressionRatio: number;
  ratioGraceBytes: number;
};

/** Apache POI's ZipSecureFile uses the same ratio (min inflate ratio 0.01). */
export const defaultZipLimits: ZipLimits = {
  maxEntries: 10_000,
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxCompressionRatio: 100,
  ratioGraceBytes: 1024 * 1024,
};

export type ZipEntry = {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  isEncrypted: boolean;
  crc32: number;
};

/** Bytes of an upload, from memory or from a file on disk. */
export type ZipSource = Buffer | { path: string };

const notAZip = (reason: string) =>
  new AppError(
    'invalid_input',
    `文件不是有效的 .xlsx 工作簿（${reason}） / not a valid .xlsx workbook (${reason})`,
    {
      reason: 'not_a_workbook',
    },
  );

export function zipBombError(what: string, details: Record<string, unknown>): AppError {
  return new AppError(
    'payload_too_large',
    `文件解压后过大或压缩比异常（${what}），已拒绝 / the workbook inflates to too much data (${what}): refused`,
    { reason: 'zip_bomb', ...details },
  );
}

type Reader = {
  size: number;
  read(offset: number, length: number): Promise<Buffer>;
  stream(start: number, length: number): Readable;
  close(): Promise<void>;
};

async function openReader(source: ZipSource): Promise<Reader> {
  if (Buffer.isBuffer(source)) {
    return {
      size: source.length,
      read: async (offset, length) => source.subarray(offset, Math.min(source.length, offset + length)),
      stream: (start, length) => {
        const slice = source.subarray(start, start + length);
        // Hand the inflater 64 KiB at a time so that limits are checked often.
        function* chunks() {
          for (let i = 0; i < slice.length; i += 65_536) yield slice.subarray(i, i + 65_536);
        }
        return Readable.from(chunks(), { objectMode: false });
      },
      close: async () => {},
    };
  }
  const handle: FileHandle = await open(source.path, 'r');
  const { size } = await handle.stat();
  return {
    size,
    read: async (offset, length) => {
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      await handle.read(buffer, 0, buffer.length, offset);
      return buffer;
    },
    stream: (start, length) =>
      length === 0
        ? Readable.from([])
        : createReadStream(source.path, { start, end: start + length - 1, highWaterMark: 65_536 }),
    close: () => handle.close(),
  };
}

const eocdSignature = 0x06054b50;
const zip64LocatorSignature = 0x07064b50;
const zip64EocdSignature = 0x06064b50;
const centralSignature = 0x02014b50;
const localSignature = 0x04034b50;
const max32 = 0xffffffff;

function readUInt64(buffer: Buffer, offset: number): number {
  const value = buffer.readBigUInt64LE(offset);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw notAZip('zip64 size out of range');
  return Number(value);
}

export type ZipArchive = {
  entries: ReadonlyMap<string, ZipEntry>;
  /** Case-insensitive lookup (some writers vary the case of part names). */
  findEntry(name: string): ZipEntry | undefined;
  /** Inflated bytes of one entry as a stream, limits enforced while it flows. */
  openEntry(entry: ZipEntry): AsyncIterable<Buffer>;
  /** The entry's stored bytes as they are (still compressed), for copying it into another zip. */
  openRawEntry(entry: ZipEntry): AsyncIterable<Buffer>;
  /** Whole entry in memory (small parts: workbook.xml, rels, styles). */
  readEntry(entry: ZipEntry): Promise<Buffer>;
  /** Bytes inflated so far over all entries. */
  uncompressedBytes(): number;
  close(): Promise<void>;
};

/** Opens a zip archive by its central directory; throws `invalid_input` when it is not one. */
export async function openZip(source: ZipSource, limits: ZipLimits = defaultZipLimits): Promise<ZipArchive> {
  const reader = await openReader(source);
  try {
    return await readDirectory(reader, limits);
  } catch (error) {
    await reader.close();
    throw error;
  }
}

async function readDirectory(reader: Reader, limits: ZipLimits): Promise<ZipArchive> {
  const tailLength = Math.min(reader.size, 22 + 65_535);
  const tailStart = reader.size - tailLength;
  const tail = await reader.read(tailStart, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === eocdSignature) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notAZip('no end of central directory');
  let count = tail.readUInt16LE(eocd + 10);
  let directorySize = tail.readUInt32LE(eocd + 12);
  let directoryOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || directorySize === max32 || directoryOffset === max32) {
    const locator = eocd - 20;
    if (locator < 0 || tail.readUInt32LE(locator) !== zip64LocatorSignature)
      throw notAZip('no zip64 locator');
    const record = await reader.read(readUInt64(tail, locator + 8), 56);
    if (record.length < 56 || record.readUInt32LE(0) !== zip64EocdSignature)
      throw notAZip('bad zip64 record');
    count = readUInt64(record, 32);
    directorySize = readUInt64(record, 40);
    directoryOffset = readUInt64(record, 48);
  }
  if (count > limits.maxEntries) {
    throw zipBombError(`${count} 个条目 / ${count} entries`, { entries: count, limit: limits.maxEntries });
  }
  if (directoryOffset + directorySize > reader.size) throw notAZip('central directory out of range');
  const directory = await reader.read(directoryOffset, directorySize);
  const entries = new Map<string, ZipEntry>();
  const lowerCase = new Map<string, ZipEntry>();
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== centralSignature) {
      throw notAZip('bad central directory entry');
    }
    const flags = directory.readUInt16LE(at + 8);
    const method = directory.readUInt16LE(at + 10);
    const crc32 = directory.readUInt32LE(at + 16);
    let compressedSize = directory.readUInt32LE(at + 20);
    let uncompressedSize = directory.readUInt32LE(at + 24);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    let localHeaderOffset = directory.readUInt32LE(at + 42);
    const nameBytes = directory.subarray(at + 46, at + 46 + nameLength);
    // Bit 11: UTF-8 names; part names of an .xlsx are ASCII either way.
    const name = nameBytes.toString((flags & 0x800) !== 0 ? 'utf8' : 'latin1');
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = directory.readUInt16LE(extra);
      const size = directory.readUInt16LE(extra + 2);
      if (id === 0x0001) {
        let field = extra + 4;
        if (uncompressedSize === max32) {
          uncompressedSize = readUInt64(directory, field);
          field += 8;
        }
        if (compressedSize === max32) {
          compressedSize = readUInt64(directory, field);
          field += 8;
        }
        if (localHeaderOffset === max32) localHeaderOffset = readUInt64(directory, field);
      }
      extra += 4 + size;
    }
    at = extraEnd + commentLength;
    const entry: ZipEntry = {
      name,
      method,
      compressedSize,
      uncompressedSize,
      localHeaderOffset,
      isEncrypted: (flags & 0x1) !== 0,
      crc32,
    };
    entries.set(name, entry);
    lowerCase.set(name.toLowerCase(), entry);
  }

  let inflated = 0;
  const countBytes = (entry: ZipEntry, produced: number, chunk: number) => {
    inflated += chunk;
    if (inflated > limits.maxUncompressedBytes) {
      throw zipBombError(
        `解压超过 ${limits.maxUncompressedBytes} 字节 / over ${limits.maxUncompressedBytes} bytes`,
        {
          entry: entry.name,
          limit: limits.maxUncompressedBytes,
        },
      );
    }
    if (produced > limits.ratioGraceBytes && produced > entry.compressedSize * limits.maxCompressionRatio) {
      throw zipBombError(
        `压缩比超过 ${limits.maxCompressionRatio}:1 / ratio over ${limits.maxCompressionRatio}:1`,
        {
          entry: entry.name,
          compressedSize: entry.compressedSize,
          limit: limits.maxCompressionRatio,
        },
      );
    }
  };

  const openCompressed = async (entry: ZipEntry): Promise<Readable> => {
    const header = await reader.read(entry.localHeaderOffset, 30);
    if (header.length < 30 || header.readUInt32LE(0) !== localSignature) throw notAZip('bad local header');
    const dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    if (dataStart + entry.compressedSize > reader.size) throw notAZip('entry out of range');
    return reader.stream(dataStart, entry.compressedSize);
  };

  async function* openEntry(entry: ZipEntry): AsyncGenerator<Buffer> {
    if (entry.isEncrypted) throw notAZip(`加密条目 / encrypted entry ${entry.name}`);
    if (entry.method !== 0 && entry.method !== 8) throw notAZip(`unsupported compression ${entry.method}`);
    const raw = await openCompressed(entry);
    const stream = entry.method === 8 ? raw.pipe(createInflateRaw({ chunkSize: 65_536 })) : raw;
    if (stream !== raw) raw.on('error', (error) => stream.destroy(error));
    let produced = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        produced += chunk.length;
        countBytes(entry, produced, chunk.length);
        yield chunk;
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw notAZip(`${entry.name}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      raw.destroy();
      stream.destroy();
    }
  }

  return {
    entries,
    findEntry: (name) => entries.get(name) ?? lowerCase.get(name.toLowerCase()),
    openEntry,
    openRawEntry: async function* (entry) {
      const raw = await openCompressed(entry);
      try {
        for await (const chunk of raw as AsyncIterable<Buffer>) yield chunk;
      } finally {
        raw.destroy();
      }
    },
    readEntry: async (entry) => {
      const chunks: Buffer[] = [];
      for await (const chunk of openEntry(entry)) chunks.push(chunk);
      return Buffer.concat(chunks);
    },
    uncompressedBytes: () => inflated,
    close: () => reader.close(),
  };
}
