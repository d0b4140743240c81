/**
 * The files inside a TNEF attachment (winmail.dat, application/ms-tnef: what Outlook sends when
 * it encodes a mail in "Rich Text"). Only the attachment subset of [MS-OXTNEF] is read: the
 * attributes attAttachRendData (starts an attachment), attAttachTitle (short name),
 * attAttachData (bytes) and attAttachment (MAPI properties: long file name, MIME type, and the
 * bytes when attAttachData is missing). The RTF body, calendar items and embedded .msg messages
 * are not decoded; a file that yields no attachment is kept as it came.
 *
 * No npm package fits: node-tnef 1.4 (the only one) logs to the console on every call, copies
 * the input into an array of numbers, checks no lengths, and pulls in bunyan and yargs.
 */
export interface TnefFile {
  filename: string;
  contentType: string | null;
  contentId: string | null;
  content: Buffer;
}

const signature = 0x223e9f78;
const levelAttachment = 2;
const attAttachData = 0x800f;
const attAttachTitle = 0x8010;
const attAttachRendData = 0x9002;
const attAttachment = 0x9005;

const prAttachDataBin = 0x3701;
const prAttachFilename = 0x3704;
const prAttachLongFilename = 0x3707;
const prAttachMimeTag = 0x370e;
const prAttachContentId = 0x3712;

/** Fixed-size MAPI property types and their sizes in TNEF (short and boolean take 4). */
const fixedSizes = new Map<number, number>([
  [0x0001, 4], // PT_NULL
  [0x0002, 4], // PT_SHORT
  [0x0003, 4], // PT_LONG
  [0x0004, 4], // PT_FLOAT
  [0x0005, 8], // PT_DOUBLE
  [0x0006, 8], // PT_CURRENCY
  [0x0007, 8], // PT_APPTIME
  [0x000a, 4], // PT_ERROR
  [0x000b, 4], // PT_BOOLEAN
  [0x0014, 8], // PT_I8
  [0x0040, 8], // PT_SYSTIME
  [0x0048, 16], // PT_CLSID
]);
const ptString8 = 0x001e;
const ptUnicode = 0x001f;
const ptBinary = 0x0102;
const ptObject = 0x000d;
const multiValued = 0x1000;

/** A read past the end of the data: the file is cut off or lies about a length. */
class Truncated extends Error {}

class Reader {
  offset = 0;
  constructor(readonly data: Buffer) {}
  need(bytes: number) {
    if (bytes < 0 || this.offset + bytes > this.data.length) throw new Truncated();
  }
  u16() {
    this.need(2);
    const value = this.data.readUInt16LE(this.offset);
    this.offset += 2;
    return value;
  }
  u32() {
    this.need(4);
    const value = this.data.readUInt32LE(this.offset);
    this.offset += 4;
    return value;
  }
  bytes(length: number) {
    this.need(length);
    const value = this.data.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }
  /** Values in a MAPI property block are padded to 4 bytes. */
  padded(length: number) {
    const value = this.bytes(length);
    this.bytes((4 - (length % 4)) % 4);
    return value;
  }
}

/** A zero-terminated 8-bit string; Outlook writes the sender's code page, read here as UTF-8. */
const string8 = (data: Buffer) => data.toString('utf8').replace(/\0[\s\S]*$/, '');
const unicode = (data: Buffer) => data.toString('utf16le').replace(/\0[\s\S]*$/, '');

/** The properties of one attachment that matter here, from an attAttachment MAPI block. */
function readAttachmentProperties(data: Buffer) {
  const found = new Map<number, Buffer | string>();
  const reader = new Reader(data);
  const count = reader.u32();
  for (let i = 0; i < count && i < 1000; i += 1) {
    const type = reader.u16();
    const id = reader.u16();
    if (id >= 0x8000) {
      reader.bytes(16); // the property set's GUID
      if (reader.u32() === 0) reader.u32();
      else reader.padded(reader.u32());
    }
    const base = type & ~multiValued;
    const variable = [ptString8, ptUnicode, ptBinary, ptObject].includes(base);
    const values = type & multiValued || variable ? reader.u32() : 1;
    if (values > 10_000) throw new Truncated();
    for (let v = 0; v < values; v += 1) {
      if (!variable) {
        const size = fixedSizes.get(base);
        if (size === undefined) throw new Truncated(); // an unknown type: stop reading
        reader.bytes(size);
        continue;
      }
      const value = reader.padded(reader.u32());
      if (v > 0 || found.has(id)) continue;
      if (base === ptString8) found.set(id, string8(value));
      else if (base === ptUnicode) found.set(id, unicode(value));
      else found.set(id, value);
    }
  }
  return found;
}

/**
 * Decodes the attachments of a TNEF stream; null when the bytes are not TNEF.
 * @example decodeTnef(winmailDat)?.map((f) => f.filename) // ['report.pdf']
 */
export function decodeTnef(data: Buffer, limits = { maxFiles: 100 }): TnefFile[] | null {
  if (data.length < 6 || data.readUInt32LE(0) !== signature) return null;
  const reader = new Reader(data);
  reader.offset = 6; // signature and legacy key
  const files: { title?: string; data?: Buffer; props?: Map<number, Buffer | string> }[] = [];
  try {
    while (reader.offset < data.length) {
      const level = reader.bytes(1)[0];
      const id = reader.u16();
      reader.u16(); // the attribute's type: implied by its id for the ones read here
      const value = reader.bytes(reader.u32());
      reader.u16(); // checksum: Outlook's are not always right, and the lengths are checked
      if (level !== levelAttachment) continue;
      if (id === attAttachRendData) {
        if (files.length >= limits.maxFiles) break;
        files.push({});
      }
      const current = files.at(-1);
      if (!current) continue;
      if (id === attAttachTitle) current.title = string8(value);
      else if (id === attAttachData) current.data = value;
      else if (id === attAttachment) {
        try {
          current.props = readAttachmentProperties(value);
        } catch (error) {
          if (!(error instanceof Truncated)) throw error;
        }
      }
    }
  } catch (error) {
    // A cut-off stream still gives the attachments read so far.
    if (!(error instanceof Truncated)) throw error;
  }
  return files.flatMap((file) => {
    const text = (key: number) => {
      const value = file.props?.get(key);
      return typeof value === 'string' && value.trim() ? value.trim() : null;
    };
    const bin = file.props?.get(prAttachDataBin);
    const content = file.data ?? (Buffer.isBuffer(bin) ? bin : null);
    if (!content) return [];
    return [
      {
        filename:
          text(prAttachLongFilename) ?? text(prAttachFilename) ?? (file.title?.trim() || 'file'),
        contentType: text(prAttachMimeTag),
        contentId: text(prAttachContentId),
        content,
      },
    ];
  });
}
