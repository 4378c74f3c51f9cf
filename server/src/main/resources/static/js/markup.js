// Light markdown for message text, parsed into plain objects: no DOM and no HTML here, so the view
// can only ever build nodes from it with text (views/message.js). Supported: ```code blocks```,
// `inline code`, **bold**, *italic* / _italic_, http(s) links and @mentions; the rest stays as written.
//
// Tokens: {t: 'text', v} {t: 'code', v} {t: 'pre', v} {t: 'link', href, v} {t: 'mention', v, name}
//         {t: 'strong', c: [tokens]} {t: 'em', c: [tokens]}

/** Longer texts are shown with links and mentions only: emphasis is not worth a slow parse. */
const MARKDOWN_MAX = 4_000;

const FENCE = /```([\s\S]*?)```/g;
const INLINE = [
  ['code', /`([^`\n]+)`/g],
  ['link', /\bhttps?:\/\/[^\s<>"]+/gi],
  ['strong', /\*\*(?=[^\s*])([^\n]*?[^\s*])\*\*/g],
  ['em', /(?<![\w*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\w*])/g],
  ['em', /(?<![\p{L}\p{N}_])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\p{L}\p{N}_])/gu],
  ['mention', /(?<![\w@.])@([a-z0-9][a-z0-9_.-]{2,31})/gi],
];
const PLAIN = INLINE.filter(([kind]) => kind === 'link' || kind === 'mention');

export function parse(text) {
  if (text.length > MARKDOWN_MAX) return inline(text, PLAIN);
  const tokens = [];
  let at = 0;
  for (const match of text.matchAll(FENCE)) {
    tokens.push(...inline(between(text.slice(at, match.index), at > 0, true), INLINE));
    tokens.push({ t: 'pre', v: match[1].replace(/^[^\S\n]*[\w+#-]*[^\S\n]*\n/, '').replace(/\n$/, '') });
    at = match.index + match[0].length;
  }
  tokens.push(...inline(between(text.slice(at), at > 0, false), INLINE));
  return tokens;
}

/** The usernames a text mentions, lower case. */
export function mentions(text) {
  return [...text.matchAll(INLINE.at(-1)[1])].map((m) => mention(m[1])).filter(Boolean);
}

function inline(text, patterns) {
  const tokens = [];
  const next = patterns.map(() => null); // each pattern's next match, found once and reused
  let at = 0;
  while (at < text.length) {
    let best = -1;
    for (let i = 0; i < patterns.length; i++) {
      if (next[i] === null || (next[i] !== false && next[i].index < at)) {
        const re = patterns[i][1];
        re.lastIndex = at;
        next[i] = re.exec(text) ?? false;
      }
      if (next[i] && (best === -1 || next[i].index < next[best].index)) best = i;
    }
    if (best === -1) break;
    const match = next[best];
    const token = toToken(patterns[best][0], match, patterns);
    const end = match.index + (token?.length ?? match[0].length);
    if (!token) { // a match that is not what it looked like (e.g. a link that is no URL): text, and search on after it
      push(tokens, text.slice(at, end));
    } else {
      push(tokens, text.slice(at, match.index));
      tokens.push(token.token);
    }
    at = end;
  }
  push(tokens, text.slice(at));
  return tokens;
}

function toToken(kind, match, patterns) {
  switch (kind) {
    case 'code': return { token: { t: 'code', v: match[1] } };
    case 'strong':
    case 'em': return { token: { t: kind, c: inline(match[1], patterns) } };
    case 'link': {
      const url = linkText(match[0]);
      const href = safeHref(url);
      return href ? { token: { t: 'link', href, v: url }, length: url.length } : null;
    }
    default: {
      const name = mention(match[1]);
      return name ? { token: { t: 'mention', v: `@${match[1].slice(0, name.length)}`, name }, length: name.length + 1 } : null;
    }
  }
}

/** A URL as typed, without the punctuation that usually follows one in a sentence. */
function linkText(raw) {
  let url = raw.replace(/[.,;:!?'*_]+$/, '');
  while (/[)\]}]$/.test(url)) {
    const close = url.at(-1);
    const open = { ')': '(', ']': '[', '}': '{' }[close];
    if (url.split(open).length >= url.split(close).length) break; // balanced: part of the URL
    url = url.slice(0, -1).replace(/[.,;:!?'*_]+$/, '');
  }
  return url;
}

/** Only http and https, and only what the URL parser accepts. */
export function safeHref(text) {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function mention(raw) {
  const name = raw.replace(/[.-]+$/, '').toLowerCase();
  return name.length >= 3 ? name : null;
}

/** Text next to a code block, without the line break that the block itself stands for. */
function between(text, afterBlock, beforeBlock) {
  const start = afterBlock ? text.replace(/^\n/, '') : text;
  return beforeBlock ? start.replace(/\n$/, '') : start;
}

function push(tokens, text) {
  if (!text) return;
  const last = tokens.at(-1);
  if (last?.t === 'text') last.v += text;
  else tokens.push({ t: 'text', v: text });
}
