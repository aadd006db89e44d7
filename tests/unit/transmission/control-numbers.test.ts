import { describe, expect, it } from 'vitest';
import {
  controlNumberOf,
  MAX_CONTROL_NUMBER,
  partiesId,
} from '#shared/transmission/control-numbers';

describe('controlNumberOf', () => {
  it('maps counter values onto 1..999999999 and wraps after the last', () => {
    expect(controlNumberOf(1)).toBe(1);
    expect(controlNumberOf(MAX_CONTROL_NUMBER)).toBe(999_999_999);
    expect(controlNumberOf(MAX_CONTROL_NUMBER + 1)).toBe(1);
    expect(controlNumberOf(2 * MAX_CONTROL_NUMBER + 5)).toBe(5);
  });
});

describe('partiesId', () => {
  it('names the pair by qualifiers and trimmed ids, keeping case', () => {
    expect(
      partiesId({
        senderQualifier: 'ZZ',
        senderId: 'Clearinghouse   ',
        receiverQualifier: '30',
        receiverId: '123456789',
      }),
    ).toBe('ZZ:Clearinghouse>30:123456789');
  });
});
