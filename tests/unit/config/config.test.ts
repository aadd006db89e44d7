import { describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  loadConfig,
  requireSetting,
  requireSettings,
} from '#shared/config/config';

describe('loadConfig', () => {
  it('applies defaults and coerces numbers', () => {
    const config = loadConfig({
      TABLE_NAME: 'claims',
      TRANSMIT_QUEUE_URL: 'http://127.0.0.1:4566/000000000000/q',
      MAX_BODY_BYTES: '2048',
    });
    expect(config).toMatchObject({
      STAGE: 'cloud',
      AWS_REGION: 'us-east-1',
      LOG_LEVEL: 'INFO',
      MAX_BODY_BYTES: 2048,
    });
  });

  it('lists every problem at once, naming the variable and never repeating its value', () => {
    const attempt = () =>
      loadConfig({
        STAGE: 'staging',
        TRANSMIT_QUEUE_URL: 'secret-looking-value',
        MAX_BODY_BYTES: 'lots',
      });
    expect(attempt).toThrow(ConfigurationError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigurationError).problems;
      expect(problems).toEqual([
        'STAGE must be one of local, cloud',
        'TABLE_NAME is required',
        'TRANSMIT_QUEUE_URL must be a valid url',
        'MAX_BODY_BYTES must be a number',
      ]);
      expect((error as Error).message).not.toContain('secret-looking-value');
    }
  });

  it('takes PUBLIC_BASE_URL as an https URL only', () => {
    expect(
      loadConfig({ TABLE_NAME: 'claims', PUBLIC_BASE_URL: 'https://claims.example.com/api' })
        .PUBLIC_BASE_URL,
    ).toBe('https://claims.example.com/api');
    expect(() =>
      loadConfig({ TABLE_NAME: 'claims', PUBLIC_BASE_URL: 'http://claims.example.com' }),
    ).toThrow(/PUBLIC_BASE_URL must be a valid url/);
  });

  it('accepts an environment with only the table, as the authorizer gets, and names a missing setting on use', () => {
    const config = loadConfig({ TABLE_NAME: 'claims' });
    expect(() => requireSetting(config, 'TRANSMIT_QUEUE_URL')).toThrow(
      /TRANSMIT_QUEUE_URL is required/,
    );
    expect(requireSetting(config, 'TABLE_NAME')).toBe('claims');
  });

  it('checks the settings a function requires at once, naming every missing one', () => {
    const config = loadConfig({
      TABLE_NAME: 'claims',
      NOTIFY_QUEUE_URL: 'http://127.0.0.1:4566/000000000000/notify',
    });
    expect(requireSettings(config, ['NOTIFY_QUEUE_URL']).NOTIFY_QUEUE_URL).toBe(
      'http://127.0.0.1:4566/000000000000/notify',
    );
    try {
      requireSettings(config, ['ARCHIVE_BUCKET', 'NOTIFY_QUEUE_URL', 'RESPONSE_QUEUE_URL']);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).problems).toEqual([
        'ARCHIVE_BUCKET is required by this function',
        'RESPONSE_QUEUE_URL is required by this function',
      ]);
    }
  });
});
