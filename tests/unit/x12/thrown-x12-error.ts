// Catches the X12Error a parser step throws, so that a test can check its code and position.
import { X12Error } from '#shared/x12/errors';

/** The X12Error `run` throws; any other error is rethrown, and no error at all fails the test. */
export function thrown(run: () => unknown): X12Error {
  try {
    run();
  } catch (error) {
    if (error instanceof X12Error) return error;
    throw error;
  }
  throw new Error('expected an X12Error');
}
