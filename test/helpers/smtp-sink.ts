import { createServer, Server, Socket } from 'node:net';

/** One message the sink received. */
export interface CapturedMail {
  from: string;
  to: string[];
  /** the DATA section: headers and body, dot-unstuffed, CRLF line ends */
  data: string;
}

export interface SmtpSink {
  url: string;
  messages: CapturedMail[];
  /** answer RCPT TO with 550 for these addresses (to test failed sends) */
  rejectRecipients: Set<string>;
  close(): Promise<void>;
}

/**
 * A minimal SMTP server on 127.0.0.1 for the tests: EHLO/HELO, MAIL FROM, RCPT TO, DATA, RSET,
 * NOOP, QUIT; no TLS and no AUTH advertised, so nodemailer talks plain SMTP. It captures every
 * message in `messages`.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: CapturedMail[] = [];
  const rejectRecipients = new Set<string>();
  const sockets = new Set<Socket>();

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setEncoding('utf8');
    let buffer = '';
    let inData = false;
    let dataLines: string[] = [];
    let from = '';
    let to: string[] = [];
    const reply = (line: string) => socket.write(line + '\r\n');
    reply('220 sink.test ESMTP ready');

    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let i: number;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            messages.push({ from, to, data: dataLines.join('\r\n') });
            dataLines = [];
            from = '';
            to = [];
            reply('250 2.0.0 queued');
          } else dataLines.push(line.startsWith('..') ? line.slice(1) : line);
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        const address = () => /<([^>]*)>/.exec(line)?.[1] ?? '';
        if (verb === 'EHLO') socket.write('250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
        else if (verb === 'HELO') reply('250 sink.test');
        else if (verb === 'MAIL') {
          from = address();
          reply('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          const rcpt = address();
          if (rejectRecipients.has(rcpt)) reply('550 5.1.1 no such user');
          else {
            to.push(rcpt);
            reply('250 2.1.5 ok');
          }
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 end with <CRLF>.<CRLF>');
        } else if (verb === 'RSET') {
          from = '';
          to = [];
          reply('250 ok');
        } else if (verb === 'NOOP') reply('250 ok');
        else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
        } else reply('502 5.5.2 command not implemented');
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    rejectRecipients,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The message body (after the header block), quoted-printable decoded when the message says so. */
export function mailBody(mail: CapturedMail): string {
  const split = mail.data.indexOf('\r\n\r\n');
  const headers = split >= 0 ? mail.data.slice(0, split) : '';
  const body = split >= 0 ? mail.data.slice(split + 4) : mail.data;
  if (!/^Content-Transfer-Encoding:\s*quoted-printable/im.test(headers)) return body;
  const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}
