// Reads SIPp's -trace_msg file: each message is preceded by a dashed line with the
// wall-clock time SIPp sent or read it (local time, microseconds). Returns the messages
// as { at (ms since the epoch, fractional), direction 'sent' | 'received', firstLine }.
import fs from 'node:fs';

const STAMP = /^-{10,}\s+(\d{4}-\d\d-\d\d)\s+(\d\d:\d\d:\d\d)\.(\d+)\s*$/;

function wallMs(date, time, fraction) {
  const whole = new Date(`${date}T${time}`).getTime(); // local time, as SIPp writes it
  return whole + Number(`0.${fraction}`) * 1000;
}

export function readTrace(file) {
  if (!fs.existsSync(file)) return [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const messages = [];
  for (let i = 0; i < lines.length; i++) {
    const stamp = STAMP.exec(lines[i]);
    if (!stamp) continue;
    const header = lines[i + 1] ?? '';
    const direction = /message sent/.test(header) ? 'sent' : /message received/.test(header) ? 'received' : null;
    if (!direction) continue;
    let j = i + 2;
    while (j < lines.length && lines[j].trim() === '') j++;
    messages.push({ at: wallMs(stamp[1], stamp[2], stamp[3]), direction, firstLine: (lines[j] ?? '').trim() });
  }
  return messages;
}

// The first message in `direction` whose first line matches `pattern`, after `after` ms.
export function firstMessage(messages, direction, pattern, after = -Infinity) {
  return messages.find((m) => m.direction === direction && pattern.test(m.firstLine) && m.at >= after) ?? null;
}
