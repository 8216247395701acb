/**
 * A minimal streaming zip writer for rewriting an uploaded workbook without inflating it: entries are
 * either copied as they are stored (compressed bytes, CRC and sizes from the source's central
 * directory), added from memory, or deflated from a stream (sizes and CRC then follow the data in a
 * data descriptor). No zip64: uploads are at most tens of megabytes; over 4 GiB is refused.
 */
import { once } from 'node:events';
import { Readable, type Writable } from 'node:stream';
import { createDeflateRaw, deflateRawSync } from 'node:zlib';

const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * CRC-32 (IEEE 802.3, as zip uses): crc32("123456789") = 0xCBF43926. Pass the previous result to
 * continue over a stream: crc32(b, crc32(a)) = crc32(a + b).
 */
export function crc32(data: Uint8Array, previous = 0): number {
  let crc = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) crc = (crcTable[(crc ^ (data[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export type StoredEntry = {
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
};

const limit32 = 0xffffffff;

export function createZipWriter(output: Writable) {
  const central: Buffer[] = [];
  let offset = 0;
  let count = 0;

  const write = async (bytes: Buffer) => {
    offset += bytes.length;
    if (offset > limit32) throw new RangeError('zip output over 4 GiB');
    if (!output.write(bytes)) await once(output, 'drain');
  };

  const header = (
    entry: StoredEntry,
    name: Buffer,
    kind: 'local' | 'central',
    localOffset: number,
    flags = 0x800,
  ) => {
    const local = kind === 'local';
    const bytes = Buffer.alloc(local ? 30 : 46);
    let at = 0;
    bytes.writeUInt32LE(local ? 0x04034b50 : 0x02014b50, at);
    at += 4;
    if (!local) {
      bytes.writeUInt16LE(20, at);
      at += 2;
    }
    bytes.writeUInt16LE(20, at); // version needed
    bytes.writeUInt16LE(flags, at + 2); // 0x800: UTF-8 names; 0x8: sizes in a data descriptor
    bytes.writeUInt16LE(entry.method, at + 4);
    bytes.writeUInt16LE(0, at + 6); // time
    bytes.writeUInt16LE(0x21, at + 8); // date 1980-01-01
    bytes.writeUInt32LE(entry.crc32, at + 10);
    bytes.writeUInt32LE(entry.compressedSize, at + 14);
    bytes.writeUInt32LE(entry.uncompressedSize, at + 18);
    bytes.writeUInt16LE(name.length, at + 22);
    if (!local) bytes.writeUInt32LE(localOffset, 42);
    return bytes;
  };

  return {
    /** Copies an entry's stored bytes unchanged. */
    async addStored(entry: StoredEntry, compressed: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<void> {
      const name = Buffer.from(entry.name, 'utf8');
      const localOffset = offset;
      await write(Buffer.concat([header(entry, name, 'local', 0), name]));
      let written = 0;
      for await (const chunk of compressed) {
        written += chunk.length;
        await write(chunk);
      }
      if (written !== entry.compressedSize)
        throw new RangeError(`${entry.name}: copied ${written} bytes, expected ${entry.compressedSize}`);
      central.push(header(entry, name, 'central', localOffset), name);
      count++;
    },
    /** Adds an entry from memory, deflated. */
    async addFile(name: string, data: Buffer): Promise<void> {
      const compressed = deflateRawSync(data);
      const entry = {
        name,
        method: 8,
        crc32: crc32(data),
        compressedSize: compressed.length,
        uncompressedSize: data.length,
      };
      await this.addStored(entry, [compressed]);
    },
    /** Deflates a stream of bytes into an entry, never holding it whole. */
    async addStream(name: string, source: AsyncIterable<Buffer>): Promise<void> {
      const nameBytes = Buffer.from(name, 'utf8');
      const localOffset = offset;
      const flags = 0x808;
      const unknown = { name, method: 8, crc32: 0, compressedSize: 0, uncompressedSize: 0 };
      await write(Buffer.concat([header(unknown, nameBytes, 'local', 0, flags), nameBytes]));
      let crc = 0;
      let uncompressedSize = 0;
      async function* counted() {
        for await (const chunk of source) {
          crc = crc32(chunk, crc);
          uncompressedSize += chunk.length;
          yield chunk;
        }
      }
      const input = Readable.from(counted());
      const deflate = createDeflateRaw();
      input.on('error', (error) => deflate.destroy(error));
      input.pipe(deflate);
      let compressedSize = 0;
      for await (const chunk of deflate as AsyncIterable<Buffer>) {
        compressedSize += chunk.length;
        await write(chunk);
      }
      if (uncompressedSize > limit32 || compressedSize > limit32)
        throw new RangeError(`${name}: entry over 4 GiB`);
      const descriptor = Buffer.alloc(16);
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(compressedSize, 8);
      descriptor.writeUInt32LE(uncompressedSize, 12);
      await write(descriptor);
      const entry = { name, method: 8, crc32: crc, compressedSize, uncompressedSize };
      central.push(header(entry, nameBytes, 'central', localOffset, flags), nameBytes);
      count++;
    },
    /** Writes the central directory; the caller ends `output`. */
    async finish(): Promise<void> {
      const directory = Buffer.concat(central);
      const start = offset;
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0);
      end.writeUInt16LE(count, 8);
      end.writeUInt16LE(count, 10);
      end.writeUInt32LE(directory.length, 12);
      end.writeUInt32LE(start, 16);
      await write(Buffer.concat([directory, end]));
    },
  };
}
