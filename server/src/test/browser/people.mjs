// What the browser tests share: the system's Chromium, and people using the web client in it.
import { chromium } from 'playwright-core';

export function launch() {
  return chromium.launch({
    executablePath: process.env.PARLEY_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A person with a page of their own at `url`; dialogs and page errors land in `problems`.
export async function person(browser, problems, name, viewport, url) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('dialog', (dialog) => { problems.push(`${name} saw a dialog: ${dialog.message()}`); dialog.dismiss(); });
  page.on('pageerror', (error) => problems.push(`${name} page error: ${error.message}`));
  await page.goto(url);
  return { name, context, page };
}

export async function signUp(p, password = 'correct horse battery') {
  await p.page.fill('#auth-username', p.name);
  await p.page.fill('#auth-password', password);
  await p.page.click('#signup-button');
  await p.page.waitForSelector('#chat:not([hidden])');
  p.userId = await p.page.evaluate(async () => {
    const token = localStorage.getItem('parley.token');
    const me = await fetch('/api/v1/users/me', { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.json());
    return me.userId;
  });
  await p.page.waitForFunction(() => document.getElementById('banner').hidden);
}

export async function send(p, text) {
  await p.page.fill('#composer-input', text);
  await p.page.press('#composer-input', 'Enter');
}

export const contents = (p) => p.page.$$eval('#messages li.message .content', (nodes) => nodes.map((n) => n.textContent));

export async function waitForMessage(p, text, timeout) {
  await p.page.waitForFunction((t) => [...document.querySelectorAll('#messages li.message .content')].some((n) => n.textContent === t),
    text, timeout ? { timeout } : undefined);
}

export async function openConversation(p, title) {
  await p.page.click(`#conversation-list button.conversation:has(.conversation-title:text-is("${title}"))`);
  await p.page.waitForFunction((t) => document.getElementById('thread-title').textContent === t, title);
}

export async function startDirect(p, other) {
  await p.page.fill('#new-dm-input', other);
  await p.page.click('#new-dm-form button');
  await p.page.waitForFunction((t) => document.getElementById('thread-title').textContent === t, other);
}

export async function unreadOf(p, title) {
  const badge = p.page.locator(`#conversation-list button.conversation:has(.conversation-title:text-is("${title}")) .unread`);
  return (await badge.count()) ? Number(await badge.textContent()) : 0;
}
