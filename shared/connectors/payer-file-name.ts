// The file names we put on, or ask of, a payer's server: one plain path segment, so a name can
// never point into another folder (or, in a URL, be resolved as "..").

const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,254}$/;

export class UnsafeFileNameError extends Error {
  constructor() {
    super('a payer file name must be one path segment, not starting with a dot');
    this.name = 'UnsafeFileNameError';
  }
}

export function isSafeFileName(name: string): boolean {
  return SAFE_NAME.test(name);
}

/** The name itself, or UnsafeFileNameError (the name is not repeated: it may come from the payer). */
export function checkedFileName(name: string): string {
  if (!SAFE_NAME.test(name)) throw new UnsafeFileNameError();
  return name;
}
