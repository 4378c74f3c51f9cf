// The shared access token as the tabs agree on it: one record in IndexedDB. Its transactions are
// ordered by the browser, so a tab that reads after another tab's write has committed sees that
// write. localStorage is not enough here: Chromium copies it to other tabs asynchronously, so a
// tab taking the refresh lock right after another released it could still read the old token and
// renew a second time. (localStorage still carries the news to other tabs, through `storage` events.)
const STORE = 'session';
const KEY = 'tokens';
let db = null;

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('parley', 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function transaction(mode, work) {
  db ??= await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = work(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** { token, expiresAt, renewAt } or null when nobody is logged in. */
export const readTokens = () => transaction('readonly', (store) => store.get(KEY)).then((value) => value ?? null);

/** Resolves once committed: from then on every tab reads `value` (null deletes). */
export const writeTokens = (value) => transaction('readwrite', (store) => (value ? store.put(value, KEY) : store.delete(KEY)));
