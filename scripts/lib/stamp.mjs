// Stamp files make setup idempotent and quick: each stamp holds a hash of the inputs that
// produced an installed thing, and lives inside that thing, so deleting it invalidates the stamp.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Hash of the named files' contents (missing files count as empty) plus any extra strings. */
export function hashInputs(files, extra = []) {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file).update('\0');
    hash.update(existsSync(file) ? readFileSync(file) : '').update('\0');
  }
  for (const value of extra) hash.update(value).update('\0');
  return hash.digest('hex');
}

export function isFresh(stampPath, hash) {
  return existsSync(stampPath) && readFileSync(stampPath, 'utf8').trim() === hash;
}

export function writeStamp(stampPath, hash) {
  writeFileSync(stampPath, `${hash}\n`);
}
