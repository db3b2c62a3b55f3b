// One owner per serial device in the process: two nodes reading the same TIC line would each
// get half of the bytes. Paths are compared after resolving symlinks (/dev/serial0 is
// ttyAMA0 or ttyS0 on a Raspberry Pi, /dev/serial/by-id/… are links to ttyUSBn).
import { realpathSync } from 'node:fs';

export class PortRegistry {
  private readonly owners = new Map<string, { ownerId: string; token: symbol }>();

  private static key(path: string): string {
    try {
      return realpathSync(path);
    } catch {
      return path; // not there yet (unplugged modem): claim the name as given
    }
  }

  /** Reserve a device for ownerId; returns the release function. Throws if someone else has it. */
  claimPort(path: string, ownerId: string): () => void {
    const key = PortRegistry.key(path);
    const current = this.owners.get(key);
    if (current !== undefined && current.ownerId !== ownerId) {
      const alias = key === path ? '' : ` (${key})`;
      throw new Error(`serial port ${path}${alias} is already used by ${current.ownerId}`);
    }
    const token = Symbol(ownerId);
    this.owners.set(key, { ownerId, token });
    return () => {
      // a stale release (after the owner re-claimed) must not free the newer claim
      if (this.owners.get(key)?.token === token) this.owners.delete(key);
    };
  }

  /** Who holds the device, if anyone. */
  ownerOf(path: string): string | undefined {
    return this.owners.get(PortRegistry.key(path))?.ownerId;
  }
}

/** The process-wide registry. */
const portRegistry = new PortRegistry();

export function claimPort(path: string, ownerId: string): () => void {
  return portRegistry.claimPort(path, ownerId);
}

export function portOwner(path: string): string | undefined {
  return portRegistry.ownerOf(path);
}
