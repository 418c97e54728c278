import { randomBytes } from 'node:crypto';

/** A fresh, unguessable nonce for each render of the webview's CSP. */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}
