/**
 * Writes TNEF (winmail.dat) the way Outlook lays it out, for tests: message attributes, then per
 * file attAttachRendData, attAttachTitle (8.3 name), attAttachData and an attAttachment MAPI
 * block with the long name (PT_UNICODE), the MIME type (PT_STRING8), a PT_LONG and a named
 * property. Its output unpacks with Debian's `tnef` tool, an independent decoder.
 */
export interface TnefFixtureFile {
  shortName: string;
  longName?: string;
  mimeType?: string;
  content: Buffer;
  /** Leave attAttachData out and carry the bytes as PR_ATTACH_DATA_BIN instead. */
  dataInProperties?: boolean;
}

const u16 = (value: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(value);
  return b;
};
const u32 = (value: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value);
  return b;
};
const pad4 = (data: Buffer) => Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);

function attribute(level: 1 | 2, id: number, type: number, data: Buffer) {
  let checksum = 0;
  for (const byte of data) checksum = (checksum + byte) % 65536;
  return Buffer.concat([
    Buffer.from([level]),
    u16(id),
    u16(type),
    u32(data.length),
    data,
    u16(checksum),
  ]);
}

function variable(type: number, id: number, value: Buffer) {
  return Buffer.concat([u16(type), u16(id), u32(1), u32(value.length), pad4(value)]);
}

function properties(file: TnefFixtureFile) {
  const props: Buffer[] = [
    Buffer.concat([u16(0x0003), u16(0x0e21), u32(1)]), // PR_ATTACH_NUM, PT_LONG
    // A named property (PS_PUBLIC_STRINGS "x-kefu-test"), so the named-id path is walked.
    Buffer.concat([
      u16(0x001e),
      u16(0x8001),
      Buffer.from('2903020000000000c000000000000046', 'hex'),
      u32(1),
      u32(Buffer.byteLength('x-kefu-test\0', 'utf16le')),
      pad4(Buffer.from('x-kefu-test\0', 'utf16le')),
      u32(1),
      u32(4),
      pad4(Buffer.from('yes\0')),
    ]),
  ];
  if (file.longName)
    props.push(variable(0x001f, 0x3707, Buffer.from(`${file.longName}\0`, 'utf16le')));
  if (file.mimeType) props.push(variable(0x001e, 0x370e, Buffer.from(`${file.mimeType}\0`)));
  if (file.dataInProperties) props.push(variable(0x0102, 0x3701, file.content));
  return Buffer.concat([u32(props.length), ...props]);
}

/** A winmail.dat holding these files. */
export function buildTnef(files: TnefFixtureFile[]): Buffer {
  const parts = [
    u32(0x223e9f78),
    u16(0x0001),
    attribute(1, 0x9006, 0x0008, u32(0x00010000)), // attTnefVersion
    attribute(1, 0x9007, 0x0006, Buffer.concat([u32(1252), u32(0)])), // attOemCodepage
    attribute(1, 0x8008, 0x0007, Buffer.from('IPM.Microsoft Mail.Note\0')), // attMessageClass
  ];
  for (const file of files) {
    // attAttachRendData: attachment type 1 (file), position, render width and height, flags.
    parts.push(attribute(2, 0x9002, 0x0006, Buffer.alloc(14)));
    parts.push(attribute(2, 0x8010, 0x0001, Buffer.from(`${file.shortName}\0`)));
    if (!file.dataInProperties) parts.push(attribute(2, 0x800f, 0x0006, file.content));
    parts.push(attribute(2, 0x9005, 0x0006, properties(file)));
  }
  return Buffer.concat(parts);
}
