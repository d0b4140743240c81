import { describe, expect, it } from 'vitest';
import { buildTnef } from '../../test/tnef-fixture.ts';
import { decodeTnef } from './tnef.ts';

describe('decodeTnef', () => {
  const files = [
    {
      shortName: 'REPORT~1.XLS',
      longName: 'Quarterly report 季度报告.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      content: Buffer.from('sheet'),
    },
    { shortName: 'A.TXT', content: Buffer.from('a') },
  ];

  it('reads the long name, the type and the bytes of each attachment', () => {
    expect(decodeTnef(buildTnef(files))).toEqual([
      {
        filename: 'Quarterly report 季度报告.xlsx',
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        contentId: null,
        content: Buffer.from('sheet'),
      },
      { filename: 'A.TXT', contentType: null, contentId: null, content: Buffer.from('a') },
    ]);
  });

  it('takes the bytes from PR_ATTACH_DATA_BIN when attAttachData is missing', () => {
    const decoded = decodeTnef(
      buildTnef([{ shortName: 'B.BIN', content: Buffer.from([1, 2, 3]), dataInProperties: true }]),
    );
    expect(decoded).toMatchObject([{ filename: 'B.BIN', content: Buffer.from([1, 2, 3]) }]);
  });

  it('answers null for bytes that are not TNEF, and nothing for TNEF without files', () => {
    expect(decodeTnef(Buffer.from('\x89PNG\r\n\x1a\n....'))).toBeNull();
    expect(decodeTnef(Buffer.alloc(3))).toBeNull();
    expect(decodeTnef(buildTnef([]))).toEqual([]);
  });

  it('keeps what it read before a cut-off or a length that runs past the end', () => {
    const whole = buildTnef(files);
    // Cut inside the second file's MAPI block: both files, the second by its short name.
    expect(decodeTnef(whole.subarray(0, whole.length - 20))?.map((f) => f.filename)).toEqual([
      'Quarterly report 季度报告.xlsx',
      'A.TXT',
    ]);
    // Cut inside the first file's MAPI block: the first file by its short name.
    expect(decodeTnef(whole.subarray(0, whole.length - 200))?.map((f) => f.filename)).toEqual([
      'REPORT~1.XLS',
    ]);
    const lying = Buffer.from(whole);
    // The first message attribute claims 4 GB.
    lying.writeUInt32LE(0xffffffff, 6 + 5);
    expect(decodeTnef(lying)).toEqual([]);
  });

  it('falls back to the short name when the MAPI block is broken', () => {
    const whole = buildTnef([files[0]!]);
    const broken = Buffer.from(whole);
    // The MAPI block is the last attribute: claim a huge property count inside it.
    const block = whole.lastIndexOf(Buffer.from([0x05, 0x90, 0x06, 0x00])) + 8;
    broken.writeUInt32LE(0x7fffffff, block);
    expect(decodeTnef(broken)).toMatchObject([{ filename: 'REPORT~1.XLS', contentType: null }]);
  });

  it('stops at the file limit', () => {
    const many = Array.from({ length: 5 }, (_, i) => ({
      shortName: `F${i}.TXT`,
      content: Buffer.from(String(i)),
    }));
    expect(decodeTnef(buildTnef(many), { maxFiles: 3 })).toHaveLength(3);
  });
});
