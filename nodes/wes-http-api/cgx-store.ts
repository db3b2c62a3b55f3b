// The uploaded .CGX templates: <userDir>/wes-cgx/, as the box's SD card. Names are looked up
// without regard to case (the box's FAT: Jeedom uploads /DATA_JEEDOM.CGX and polls
// data_jeedom.cgx), one level of folder is allowed (jwes uploads /JWES/PHASE1.CGX), and only
// plain names ending in .cgx, of at most MAX_CGX_BYTES, are taken.
import { mkdirSync, openSync, writeSync, fsyncSync, closeSync, renameSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const MAX_CGX_BYTES = 64 * 1024;
export const cgxDir = (userDir: string): string => join(userDir, 'wes-cgx');

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A client's path ("/JWES/PHASE1.CGX", "homeassistant.cgx") as safe segments, or null. */
export function cgxPath(name: string, folderOnly = false): string[] | null {
  const parts = name
    .replace(/\\/g, '/')
    .split('/')
    .filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.length > (folderOnly ? 1 : 2)) return null;
  if (!parts.every((p) => SEGMENT.test(p) && !p.includes('..'))) return null;
  if (!folderOnly && !/\.cgx$/i.test(parts[parts.length - 1])) return null;
  return parts;
}

/** The existing entry of `dir` named `name` in any case, else `name`. */
function entry(dir: string, name: string): string {
  try {
    return readdirSync(dir).find((e) => e.toLowerCase() === name.toLowerCase()) ?? name;
  } catch {
    return name;
  }
}

/** The file a path names, found without regard to case, or null when there is none. */
function findCgx(root: string, parts: string[]): string | null {
  let dir = root;
  for (const p of parts) dir = join(dir, entry(dir, p));
  try {
    return statSync(dir).isFile() ? dir : null;
  } catch {
    return null;
  }
}

export function readCgx(root: string, parts: string[]): string | null {
  const file = findCgx(root, parts);
  return file ? readFileSync(file, 'utf8') : null;
}

/** The folder a path's parent names (made if missing), the file name kept as an existing one is spelt. */
export function cgxTarget(root: string, parts: string[]): string {
  let dir = root;
  mkdirSync(dir, { recursive: true });
  for (const p of parts.slice(0, -1)) {
    dir = join(dir, entry(dir, p));
    mkdirSync(dir, { recursive: true });
  }
  return join(dir, entry(dir, parts[parts.length - 1]));
}

/** Writes a template whole or not at all (temp file, fsync, rename). */
export function writeCgx(file: string, data: Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** Every template, as "name" or "folder/name", for the editor. */
export function listCgx(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, prefix: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const n of names.sort()) {
      const full = join(dir, n);
      const st = statSync(full);
      if (st.isDirectory() && depth === 0) walk(full, `${n}/`, 1);
      else if (st.isFile() && /\.cgx$/i.test(n)) out.push(prefix + n);
    }
  };
  walk(root, '', 0);
  return out;
}
