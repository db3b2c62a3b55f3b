// One owner per GPIO line in the whole runtime: two nodes driving (or even watching) the same pin
// is a wiring mistake that must be refused with a message naming the current owner.

const owners = new Map<string, string>();

class LineBusyError extends Error {}

export function claimLine(chipKey: string, line: number, owner: string): void {
  const key = `${chipKey}#${line}`;
  const current = owners.get(key);
  if (current !== undefined && current !== owner) {
    throw new LineBusyError(`GPIO line ${line} on ${chipKey} is already used by ${current}; a line can have only one node`);
  }
  owners.set(key, owner);
}

export function releaseLine(chipKey: string, line: number, owner: string): void {
  const key = `${chipKey}#${line}`;
  if (owners.get(key) === owner) owners.delete(key);
}
