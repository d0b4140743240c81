import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitReply } from './email-reply.ts';

/** `shared/` sits beside the repository folder, locally and in CI. */
const fixtureDirectory = new URL(
  '../../../../shared/data/email-fixtures/github-email-reply-parser/test/emails/',
  import.meta.url,
);

function fixture(name: string): string {
  return readFileSync(new URL(name, fixtureDirectory), 'utf8');
}

describe('splitReply on github/email_reply_parser fixtures', () => {
  it('keeps a sign-off and splits off a mailing-list footer (email_1_1)', () => {
    const { reply, quoted } = splitReply(fixture('email_1_1.txt'));
    expect(reply).toBe(
      'Hi folks\n\nWhat is the best way to clear a Riak bucket of all key, values after \nrunning a test?\nI am currently using the Java HTTP API.\n\n-Abhishek Kona',
    );
    expect(quoted).toMatch(/^_{20,}\nriak-users mailing list\n/);
  });

  it('keeps a bottom-posted reply with the quote it answers (email_1_2)', () => {
    const email = fixture('email_1_2.txt');
    const { reply, quoted } = splitReply(email);
    expect(reply).toBe(email.slice(0, email.indexOf('\n\n> \n> -Abhishek Kona')));
    expect(reply).toMatch(
      /^Hi,\nOn Tue, 2011-03-01 at 18:02 \+0530, Abhishek Kona wrote:\n> Hi folks/,
    );
    expect(reply).toMatch(/delete them all individually\."$/);
    expect(quoted).toMatch(/^> \n> -Abhishek Kona\n/);
    expect(quoted).toMatch(/riak-users mailing list\nriak-users@lists\.basho\.com\nhttp:\S+$/);
  });

  it('splits a top-posted reply from a Thunderbird attribution and nested quotes (email_1_3)', () => {
    const { reply, quoted } = splitReply(fixture('email_1_3.txt'));
    expect(reply).toBe('Oh thanks.\n\nHaving the function would be great.\n\n-Abhishek Kona');
    expect(quoted).toMatch(/^On 01\/03\/11 7:07 PM, Russell Brown wrote:\n> Hi,\n/);
    expect(quoted).toContain('>> What is the best way to clear a Riak bucket');
  });

  it('takes the attribution even with blank lines before the quote (email_1_4)', () => {
    const { reply, quoted } = splitReply(fixture('email_1_4.txt'));
    expect(reply).toBe("Awesome! I haven't had another problem with it.");
    expect(quoted).toBe(
      'On Aug 22, 2011, at 7:37 PM, defunkt<reply@reply.github.com> wrote:\n\n\n\n\n> Loader seems to be working well.',
    );
  });

  it('leaves a body of bullet points alone (email_1_5)', () => {
    const email = fixture('email_1_5.txt');
    expect(splitReply(email)).toEqual({ reply: email.trim(), quoted: null });
  });

  it('joins an attribution wrapped over three lines (email_1_6)', () => {
    const { reply, quoted } = splitReply(fixture('email_1_6.txt'));
    // "Sent from a …" is a custom footer, not one of the known ones: it stays.
    expect(reply).toBe(
      'I get proper rendering as well.\n\nSent from a magnificent torch of pixels',
    );
    expect(quoted).toMatch(
      /^On Dec 16, 2011, at 12:47 PM, Corey Donohoe\n<reply@reply\.github\.com>\nwrote:\n\n> Was this caching/,
    );
  });

  it('handles CRLF and an attribution wrapped over two lines (email_1_7)', () => {
    const { reply, quoted } = splitReply(fixture('email_1_7.txt'));
    expect(reply).toBe(':+1:');
    expect(quoted).toMatch(
      /^On Tue, Sep 25, 2012 at 8:59 AM, Chris Wanstrath\n<notifications@github\.com>wrote:\n\n> Steps 0-2/,
    );
    expect(quoted).not.toContain('\r');
  });

  it('keeps inline answers and splits the trailing quote and signature (email_1_8)', () => {
    const { reply, quoted } = splitReply(fixture('email_1_8.txt'));
    expect(reply).toMatch(
      /^On Tue, Apr 29, 2014 at 4:22 PM, Example Dev <sugar@example\.com>wrote:\n\n> okay\./,
    );
    expect(reply).toMatch(/\n\nI will reply under this one\n\n>\n> okay\?\n>\n\nand under this\.$/);
    expect(quoted).toMatch(/^>\n> -- Tim\n/);
    expect(quoted).toMatch(/\n\n--\nHey there, this is my signature$/);
  });

  it('splits at a dashed rule above an Outlook header in bold (email_2_1)', () => {
    const { reply, quoted } = splitReply(fixture('email_2_1.txt'));
    expect(reply).toBe('Outlook with a reply');
    expect(quoted).toMatch(/^-{30}\n\n\*From:\* Google Apps Sync Team/);
    expect(quoted).toMatch(/The Google Apps Sync Team\.$/);
  });

  it('splits at an underscore rule above From: (email_2_2)', () => {
    const { reply, quoted } = splitReply(fixture('email_2_2.txt'));
    expect(reply).toBe('Outlook with a reply directly above line');
    expect(quoted).toMatch(/^_{40}\nFrom: CRM Comments/);
    expect(quoted).toMatch(/I am replying to a comment\.$/);
  });

  it('splits at an Outlook From/Sent/To/Subject header (email_2_3)', () => {
    const { reply, quoted } = splitReply(fixture('email_2_3.txt'));
    expect(reply).toBe('Outlook with a reply directly above line');
    expect(quoted).toMatch(/^From: CRM Comments \[crm-comment@example\.com\]\nSent: /);
    expect(quoted).toMatch(/> I am replying to a comment\.$/);
  });

  it.each([
    ['email_BlackBerry.txt', 'Sent from my BlackBerry'],
    ['email_iPhone.txt', 'Sent from my iPhone'],
    ['email_multi_word_sent_from_my_mobile_device.txt', 'Sent from my Verizon Wireless BlackBerry'],
  ])('splits off the mobile footer of %s', (name, footer) => {
    expect(splitReply(fixture(name))).toEqual({ reply: 'Here is another email', quoted: footer });
  });

  it('keeps a sentence that starts like a mobile footer (email_sent_from_my_not_signature)', () => {
    expect(splitReply(fixture('email_sent_from_my_not_signature.txt'))).toEqual({
      reply: 'Here is another email\n\nSent from my desk, is much easier then my mobile phone.',
      quoted: null,
    });
  });

  it('splits a -- signature and the quote above it (email_bullets)', () => {
    const { reply, quoted } = splitReply(fixture('email_bullets.txt'));
    expect(reply).toBe(
      'test 2 this should list second\n\nand have spaces\n\nand retain this formatting\n\n\n   - how about bullets\n   - and another',
    );
    expect(quoted).toMatch(
      /^On Fri, Feb 24, 2012 at 10:19 AM, <examples@email\.goalengine\.com> wrote:\n\n> Give us/,
    );
    expect(quoted).toMatch(/\n-- \n\n\*Joe Smith \| Director, Product Management\*$/);
  });

  it('splits a -- signature (correct_sig)', () => {
    expect(splitReply(fixture('correct_sig.txt'))).toEqual({
      reply: 'this is an email with a correct -- signature.',
      quoted: '-- \nrick',
    });
  });

  it('ignores -- inside a line (email_sig_delimiter_in_middle_of_line)', () => {
    const email = fixture('email_sig_delimiter_in_middle_of_line.txt');
    expect(splitReply(email)).toEqual({ reply: email.trim(), quoted: null });
  });

  it('does not take "One …" for "On …" (email_one_is_not_on)', () => {
    const { reply, quoted } = splitReply(fixture('email_one_is_not_on.txt'));
    expect(reply).toBe(
      'Thank, this is really helpful.\n\nOne outstanding question I had:\n\nLocally (on development), when I run...',
    );
    expect(quoted).toMatch(/^On Oct 1, 2012, at 11:55 PM, Dave Tapley wrote:\n\n> The good news/);
  });

  it('does not take a sentence starting with "On" for an attribution (greedy_on)', () => {
    const { reply, quoted } = splitReply(fixture('greedy_on.txt'));
    expect(reply).toBe(
      'On your remote host you can run:\n\n     telnet 127.0.0.1 52698\n\nThis should connect to TextMate (on your Mac, via the tunnel). If that\nfails, the tunnel is not working.',
    );
    expect(quoted).toMatch(
      /^On 9 Jan 2014, at 2:47, George Plymale wrote:\n\n> I am having an odd issue/,
    );
  });

  it('splits an attribution right under the text, above very long quoted lines (pathological)', () => {
    const { reply, quoted } = splitReply(fixture('pathological.txt'));
    expect(reply).toBe(
      "I think you're onto something. I will try to fix the problem as soon as I\nget back to a computer.",
    );
    expect(quoted).toMatch(
      /^On Dec 8, 2013 2:10 PM, "John Sullivan" <notifications@github\.com> wrote:\n\n> I think your code/,
    );
    expect(quoted).toMatch(/> query_alignment: [ACGT]+\n>$/);
  });

  it('keeps a huge inline quote followed by new text (email_long_quote)', () => {
    const { reply, quoted } = splitReply(fixture('email_long_quote.txt'));
    expect(reply).toMatch(/^Hi folks\n\nWhat is the best way .*\nrunning a test\?\n>{1000}/);
    expect(reply).toContain('\nasdf\nA>>>>');
    expect(reply).toMatch(/\nI am currently using the Java HTTP API\.\n\n-Abhishek Kona$/);
    expect(quoted).toMatch(/^_{20,}\nriak-users mailing list\n/);
  });
});

describe('splitReply attribution lines', () => {
  const quote = '> Where is my parcel?\n> > It left on Monday.';

  it.each([
    ['Gmail', 'On Tue, Mar 1, 2011 at 2:15 PM, Someone <x@y.com> wrote:'],
    ['Gmail wrapped', 'On Tue, Mar 1, 2011 at 2:15 PM, Someone Withalongname\n<x@y.com> wrote:'],
    ['Apple Mail', 'On Mar 1, 2011, at 2:15 PM, Someone <x@y.com> wrote:'],
    ['Thunderbird', 'On 01/03/2011 14:15, Someone wrote:'],
    ['French', 'Le 1 mars 2011 à 14:15, Someone <x@y.com> a écrit :'],
    ['German', 'Am 01.03.2011 um 14:15 schrieb Someone <x@y.com>:'],
    ['Chinese Apple Mail', '在 2026年3月1日 下午2:15，张三 <x@y.com> 写道：'],
    ['Chinese Gmail', '张三 <x@y.com> 于2026年3月1日周二 14:15写道：'],
    ['Chinese wrapped', '在 2026年3月1日 下午2:15，张三\n<x@y.com> 写道：'],
  ])('splits a %s attribution with the quote under it', (_client, attribution) => {
    const { reply, quoted } = splitReply(`It arrived, thanks!\n\n${attribution}\n\n${quote}\n`);
    expect(reply).toBe('It arrived, thanks!');
    expect(quoted).toBe(`${attribution}\n\n${quote}`);
  });

  it('splits an attribution followed by history nobody quoted with >', () => {
    const { reply, quoted } = splitReply(
      '好的，收到了。\n\n在 2026年3月1日 下午2:15，客服 <help@shop.cn> 写道：\n您好，您的包裹已发出。\n',
    );
    expect(reply).toBe('好的，收到了。');
    expect(quoted).toBe(
      '在 2026年3月1日 下午2:15，客服 <help@shop.cn> 写道：\n您好，您的包裹已发出。',
    );
  });

  it('keeps prose that starts with "On" and ends with "wrote:" but has no date', () => {
    const email = 'On Monday my neighbour wrote:\n\nthe parcel was left outside. Please check.';
    expect(splitReply(email)).toEqual({ reply: email, quoted: null });
  });

  it('keeps an attribution and quote that new text answers (inline reply)', () => {
    const email =
      'On Tue, Mar 1, 2011 at 2:15 PM, Support <s@y.com> wrote:\n> What is your order number?\n\nIt is 12345.\n\n> And your address?\n\nBeijing.';
    expect(splitReply(email)).toEqual({ reply: email, quoted: null });
  });

  it('splits only the quoted block after the last new text', () => {
    const { reply, quoted } = splitReply(
      '> What is your order number?\nIt is 12345.\n> And your address?\nBeijing.\n\n> Thanks,\n> Support',
    );
    expect(reply).toBe('> What is your order number?\nIt is 12345.\n> And your address?\nBeijing.');
    expect(quoted).toBe('> Thanks,\n> Support');
  });
});

describe('splitReply original-message headers', () => {
  it.each([
    [
      'QQ/Foxmail',
      '------------------ 原始邮件 ------------------\n发件人: "张三"<x@qq.com>;\n发送时间: 2026年3月1日(星期天) 下午2:15\n收件人: "客服"<help@shop.cn>;\n主题: 退款\n\n请问什么时候退款？',
    ],
    [
      'QQ with &nbsp;',
      '------------------&nbsp;原始邮件&nbsp;------------------\n发件人: x@qq.com\n\n旧内容',
    ],
    [
      'NetEase',
      '---- 回复的原邮件 ----\n| 发件人 | 张三<x@163.com> |\n| 日期 | 2026年03月01日 14:15 |\n\n旧内容',
    ],
    [
      'Outlook (Chinese)',
      '-----邮件原件-----\n发件人: 张三 [mailto:x@y.com]\n发送时间: 2026年3月1日 14:15\n\n旧内容',
    ],
    [
      'Outlook',
      '-----Original Message-----\nFrom: Someone [mailto:x@y.com]\nSent: Tuesday, March 01, 2011 2:15 PM\n\nOld text',
    ],
    [
      'Thunderbird',
      '-------- Original Message --------\nSubject: Refund\nDate: Tue, 1 Mar 2011 14:15:00 +0800\n\nOld text',
    ],
    [
      'Outlook header block',
      'From: Someone <x@y.com>\nSent: Tuesday, March 1, 2011 2:15 PM\nTo: Support <help@shop.cn>\nSubject: Refund\n\nOld text',
    ],
    [
      'Outlook header block with Date',
      'From: Someone <x@y.com>\nDate: Tuesday, March 1, 2011 2:15 PM\nSubject: Refund\n\nOld text',
    ],
    [
      'Chinese Outlook header block',
      '发件人: 张三 <x@y.com>\n发送时间: 2026年3月1日 14:15\n收件人: 客服 <help@shop.cn>\n主题: 退款\n\n旧内容',
    ],
    [
      'Chinese Outlook header on one line',
      '发件人: 张三 <x@y.com> 发送时间: 2026年3月1日 14:15 收件人: 客服 主题: 退款\n旧内容',
    ],
    [
      'Outlook rule and From',
      '________________________________\nFrom: Someone <x@y.com>\n\nOld text',
    ],
    [
      'Gmail forward',
      '---------- Forwarded message ---------\nFrom: Someone <x@y.com>\nDate: Tue, Mar 1, 2011 at 2:15 PM\nSubject: Refund\nTo: <a@b.com>\n\nOld text',
    ],
    [
      'Chinese Gmail forward',
      '---------- 转发的邮件 ---------\n发件人： 张三 <x@y.com>\nDate: 2026年3月1日周二 14:15\n\n旧内容',
    ],
    [
      'Apple Mail forward',
      'Begin forwarded message:\n\nFrom: Someone <x@y.com>\nSubject: Refund\nDate: March 1, 2011 at 2:15:00 PM GMT+8\n\nOld text',
    ],
  ])('splits the %s header and everything below it', (_client, history) => {
    const { reply, quoted } = splitReply(`新的回复 New reply\n\n${history}\n`);
    expect(reply).toBe('新的回复 New reply');
    expect(quoted).toBe(history);
  });

  it('keeps a forward with no text above it whole', () => {
    const email =
      '---------- Forwarded message ---------\nFrom: Someone <x@y.com>\nDate: Tue, Mar 1, 2011 at 2:15 PM\nSubject: Refund\nTo: <a@b.com>\n\nPlease refund order 12345.\n';
    expect(splitReply(email)).toEqual({ reply: email.trim(), quoted: null });
  });

  it('keeps an iPhone forward whole, footer included, when nothing else was written', () => {
    const email =
      'Sent from my iPhone\n\nBegin forwarded message:\n\nFrom: Someone <x@y.com>\nDate: March 1, 2011\nSubject: Refund\n\nOld text';
    expect(splitReply(email)).toEqual({ reply: email, quoted: null });
  });

  it('splits a forward and the mobile footer above it', () => {
    const { reply, quoted } = splitReply(
      'FYI\n\nSent from my iPhone\n\nBegin forwarded message:\n\nFrom: Someone <x@y.com>\n\nOld text',
    );
    expect(reply).toBe('FYI');
    expect(quoted).toBe(
      'Sent from my iPhone\n\nBegin forwarded message:\n\nFrom: Someone <x@y.com>\n\nOld text',
    );
  });

  it('keeps From:/To: lines that have no date line (not a mail header)', () => {
    const email = 'Please change my booking.\n\nFrom: Beijing\nTo: Shanghai\n\nThanks';
    expect(splitReply(email)).toEqual({ reply: email, quoted: null });
  });
});

describe('splitReply signatures and footers', () => {
  it.each(['-- ', '--'])('splits a signature under %j', (delimiter) => {
    expect(splitReply(`Thanks!\n${delimiter}\nAnn Lee\nACME Ltd.`)).toEqual({
      reply: 'Thanks!',
      quoted: `${delimiter}\nAnn Lee\nACME Ltd.`.trim(),
    });
  });

  it('splits a signature above a trailing quote', () => {
    const { reply, quoted } = splitReply(
      'Thanks!\n\n-- \nAnn\n\nOn Tue, Mar 1, 2011 at 2:15 PM, Support <s@y.com> wrote:\n> Done.',
    );
    expect(reply).toBe('Thanks!');
    expect(quoted).toBe(
      '-- \nAnn\n\nOn Tue, Mar 1, 2011 at 2:15 PM, Support <s@y.com> wrote:\n> Done.',
    );
  });

  it.each([
    'Sent from my iPhone',
    'Sent from my Android',
    'Sent from my Samsung Galaxy smartphone',
    'Sent from Mail for Windows',
    'Get Outlook for iOS',
    'Get Outlook for Android',
    '发自我的iPhone',
    '发自我的 iPhone',
    '从我的 iPhone 发送',
    '来自 网易邮箱大师',
    '发自网易邮箱大师',
    '发自我的华为手机',
    '来自我的小米手机',
  ])('splits the mobile footer %j', (footer) => {
    expect(splitReply(`收到，谢谢。\n\n${footer}\n`)).toEqual({
      reply: '收到，谢谢。',
      quoted: footer,
    });
  });

  it('splits a mobile footer above a quoted reply', () => {
    const { reply, quoted } = splitReply(
      '好的\n\n发自我的iPhone\n\n------------------ 原始邮件 ------------------\n发件人: 客服\n\n旧内容',
    );
    expect(reply).toBe('好的');
    expect(quoted).toBe(
      '发自我的iPhone\n\n------------------ 原始邮件 ------------------\n发件人: 客服\n\n旧内容',
    );
  });

  it.each([
    'Sent from my iPhone\nand it still does not work.',
    '我试过了。\n从我的角度来说，这不合理。',
    'Where is it?\nSent from the warehouse on Monday',
    '我想退货。\n来自我的朋友推荐，所以才下单。',
  ])('keeps footer-like text that is not a footer: %j', (email) => {
    expect(splitReply(email)).toEqual({ reply: email, quoted: null });
  });
});

describe('splitReply edge cases', () => {
  it('returns the whole input when everything is quoted', () => {
    expect(splitReply('\n> Where is my parcel?\n> > It left.\n')).toEqual({
      reply: '> Where is my parcel?\n> > It left.',
      quoted: null,
    });
  });

  it('returns the whole input when only an attribution and quote are there', () => {
    const email = 'On Tue, Mar 1, 2011 at 2:15 PM, Someone <x@y.com> wrote:\n> Hello';
    expect(splitReply(email)).toEqual({ reply: email, quoted: null });
  });

  it('normalises CRLF line endings', () => {
    expect(
      splitReply(
        'Thanks!\r\n\r\nOn Tue, Mar 1, 2011 at 2:15 PM, Someone <x@y.com> wrote:\r\n> Hi\r\n> there\r\n',
      ),
    ).toEqual({
      reply: 'Thanks!',
      quoted: 'On Tue, Mar 1, 2011 at 2:15 PM, Someone <x@y.com> wrote:\n> Hi\n> there',
    });
  });

  it('returns an empty reply for empty or blank input', () => {
    expect(splitReply('')).toEqual({ reply: '', quoted: null });
    expect(splitReply(' \n\r\n\t')).toEqual({ reply: '', quoted: null });
  });

  it('trims the reply', () => {
    expect(splitReply('\n\n  Hello  \n\n')).toEqual({ reply: 'Hello', quoted: null });
  });

  it('finishes on a megabyte of quoted lines', () => {
    const email = '> x\n'.repeat(262_144);
    const { reply, quoted } = splitReply(email);
    expect(reply).toBe(email.trim());
    expect(quoted).toBeNull();
  });

  it('finishes on a megabyte of new text above a quote', () => {
    const text = 'On 1 2011, a -- wrote\n'.repeat(50_000);
    const { reply, quoted } = splitReply(
      `${text}\nOn Tue, Mar 1, 2011 at 2:15 PM, S <s@y.com> wrote:\n> Hi`,
    );
    expect(reply).toBe(text.trim());
    expect(quoted).toBe('On Tue, Mar 1, 2011 at 2:15 PM, S <s@y.com> wrote:\n> Hi');
  });

  it('finishes on a megabyte-long single line', () => {
    const email = `Hi\n${'-'.repeat(1_000_000)}\n${'>'.repeat(1_000_000)} x`;
    const { reply, quoted } = splitReply(email);
    expect(reply).toBe(`Hi\n${'-'.repeat(1_000_000)}`);
    expect(quoted).toBe(`${'>'.repeat(1_000_000)} x`);
  });
});
